/**
 * Randomness a workflow sandbox gets that nobody without a server secret can compute.
 *
 * `@workflow/core` 4.8 seeds every run's sandbox with `runId:workflowName:startedAt` — fields `runs.get` returns
 * — and draws webhook tokens, hook tokens and correlation ids from that seed (`Math.random`,
 * `crypto.getRandomValues`, `crypto.randomUUID`). Anyone who knows a run id could rebuild its webhook tokens.
 *
 * With a key, the sandbox answers those three from a stream derived from the key and the run's own seeded
 * source: the first draws of core's generator (a function of the public seed) go through HMAC-SHA-512 under the
 * key, and the stream is HMAC-SHA-512(key', counter) — deterministic for the run, so every replay draws the same
 * values, and unpredictable without the key even to someone who sees earlier draws (correlation ids). Which
 * contexts get a key is decided per context by the source registered with {@link setSandboxKeySource} (the
 * umbrella keys only runs that were created keyed, so runs started before keep replaying as they always did).
 */
import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';

type KeySource = () => string | undefined;

const SLOT = Symbol.for('workflow-world-cloudflare/sandbox-key-source');
type Slot = { [SLOT]?: KeySource };

/** Registers, for this isolate, where a new sandbox gets its key from (`undefined`: core's public seed). */
export function setSandboxKeySource(source: KeySource): void {
  (globalThis as typeof globalThis & Slot)[SLOT] = source;
}

/** The key for a sandbox being created now, if any. */
export function currentSandboxKey(): string | undefined {
  return (globalThis as typeof globalThis & Slot)[SLOT]?.();
}

/** Bumped if the derivation ever changes: a stored run must always replay with the derivation it began with. */
const DERIVATION = 'workflow-world-cloudflare sandbox random v1';

/**
 * Blocks already derived per stream, so a replay (which redraws every value the run drew before) reads them
 * instead of recomputing an HMAC per 16 draws. Bounded: the least recently started streams go first.
 */
const blockCache = new Map<string, Buffer[]>();
const CACHED_STREAMS = 64;

function cachedBlocks(id: string): Buffer[] {
  let blocks = blockCache.get(id);
  if (blocks) blockCache.delete(id);
  else blocks = [];
  blockCache.set(id, blocks);
  if (blockCache.size > CACHED_STREAMS) blockCache.delete(blockCache.keys().next().value as string);
  return blocks;
}

/** A deterministic, keyed stream of uniform numbers in [0, 1), 32 bits each. */
function keyedStream(key: string, seedFrom: () => number): () => number {
  // Four draws of core's seeded generator stand for the run's public seed; the key makes them secret.
  const material = [seedFrom(), seedFrom(), seedFrom(), seedFrom()].join(':');
  const streamKey = createHmac('sha512', key).update(`${DERIVATION}:${material}`).digest();
  const blocks = cachedBlocks(streamKey.toString('base64'));
  let index = 0;
  let offset = 64;
  let block = Buffer.alloc(0);
  return () => {
    if (offset + 4 > block.length) {
      block = blocks[index] ??= createHmac('sha512', streamKey).update(String(index)).digest();
      index++;
      offset = 0;
    }
    const value = block.readUInt32BE(offset);
    offset += 4;
    return value / 0x1_0000_0000;
  };
}

/** UUID v4 text drawn from `random`, as core's sandbox builds it. */
function uuidFrom(random: () => number): () => string {
  return () => {
    const hex = '0123456789abcdef';
    let uuid = '';
    for (let i = 0; i < 36; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) uuid += '-';
      else if (i === 14) uuid += '4';
      else if (i === 19) uuid += hex[Math.floor(random() * 4) + 8];
      else uuid += hex[Math.floor(random() * 16)];
    }
    return uuid;
  };
}

/**
 * Makes `sandbox.Math.random`, `sandbox.crypto.getRandomValues` and `sandbox.crypto.randomUUID` keyed. Core
 * assigns its seeded generator and its crypto proxy after `createContext`; the accessors installed here take
 * those assignments and hand out the keyed versions instead. Everything else of core's crypto proxy is kept.
 */
export function keySandboxRandomness(sandbox: Record<string, unknown>, key: string): void {
  const math = sandbox.Math as Record<string, unknown>;
  let seeded: (() => number) | undefined;
  let stream: (() => number) | undefined;
  const random = (): number => {
    stream ??= keyedStream(key, seeded ?? (() => 0));
    return stream();
  };
  Object.defineProperty(math, 'random', {
    configurable: true,
    enumerable: false,
    get: () => random,
    set(value: () => number) {
      seeded = value;
      stream = undefined;
    },
  });
  const getRandomValues = <T extends ArrayBufferView | null>(array: T): T => {
    if (array && 'length' in array) {
      const bytes = array as unknown as Uint8Array;
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
    }
    return array;
  };
  const randomUUID = uuidFrom(random);
  let crypto: unknown = sandbox.crypto;
  Object.defineProperty(sandbox, 'crypto', {
    configurable: true,
    enumerable: false,
    get: () => crypto,
    set(value: object) {
      crypto = new Proxy(value, {
        get(target, prop, receiver) {
          if (prop === 'getRandomValues') return getRandomValues;
          if (prop === 'randomUUID') return randomUUID;
          return Reflect.get(target, prop, receiver);
        },
      });
    },
  });
}
