/**
 * Every id the World mints. Prefixes follow the DevKit (`wrun_`, `evnt_`, `msg_`, `strm_`, `chnk_`); the
 * body is a ULID so ids sort by creation time. Workers forbid randomness at module scope, so factories are
 * created lazily, on first use, inside a request.
 */
import { decodeTime, monotonicFactory, type ULIDFactory } from 'ulid';

export type RunId = `wrun_${string}`;
export type EventId = `evnt_${string}`;
export type MessageId = `msg_${string}`;
export type StreamId = `strm_${string}`;
export type BlobId = `blob_${string}`;

export const ID_PREFIX = {
  run: 'wrun_',
  event: 'evnt_',
  message: 'msg_',
  stream: 'strm_',
  blob: 'blob_',
} as const;

let factory: ULIDFactory | undefined;

/**
 * The ULID factory's random source: cryptographic bytes drawn 256 at a time. The library's default asks
 * `crypto.getRandomValues` once per character (16 calls per id), which showed up on every event a run writes.
 */
function bufferedRandom(): () => number {
  const bytes = new Uint8Array(256);
  let next = bytes.length;
  return () => {
    if (next === bytes.length) {
      crypto.getRandomValues(bytes);
      next = 0;
    }
    return (bytes[next++] as number) / 256;
  };
}

/** A monotonic ULID: strictly increasing within this isolate, even within one millisecond. */
export function ulid(now: number = Date.now()): string {
  factory ??= monotonicFactory(bufferedRandom());
  return factory(now);
}

export const newRunId = (now?: number): RunId => `wrun_${ulid(now)}`;
export const newEventId = (now?: number): EventId => `evnt_${ulid(now)}`;
export const newMessageId = (now?: number): MessageId => `msg_${ulid(now)}`;
export const newBlobId = (now?: number): BlobId => `blob_${ulid(now)}`;

const ULID_BODY = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The millisecond a prefixed ULID was minted at, or `null` when `id` is not `<prefix><ulid>`. */
export function timeOfId(id: string, prefix: string): number | null {
  if (!id.startsWith(prefix)) return null;
  const body = id.slice(prefix.length);
  if (!ULID_BODY.test(body)) return null;
  return decodeTime(body);
}
