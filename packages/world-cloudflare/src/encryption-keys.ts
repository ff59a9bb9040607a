/**
 * Encryption at rest, with the DevKit's own encryption: the runtime encrypts every payload it serializes (workflow
 * arguments and return value, step arguments and results, hook metadata and payloads, stream chunks) with
 * AES-256-GCM under the key `World.getEncryptionKeyForRun` returns, before the World stores anything. This module
 * answers that call: a per-run key derived with HKDF-SHA-256 from `WORKFLOW_ENCRYPTION_KEY` and the run id.
 *
 * Rotation: a new run is stamped with the fingerprint of the key in force (`executionContext.encryptionKey:
 * 'aes256gcm-v1:<fingerprint>'`), and keeps that key for its whole life, so runs created before a rotation still
 * decrypt while their key is listed in `WORKFLOW_ENCRYPTION_KEYS_PREVIOUS`. A run stamped with a key that is not
 * configured any more fails with the DevKit's `RuntimeDecryptionError` naming both fingerprints. Runs created
 * while no key was set carry no stamp and stay unencrypted.
 *
 * The DevKit stores errors as given; `error-sealer.ts` seals their texts under the same per-run key.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { RuntimeDecryptionError } from '@workflow/errors';
import type { Storage, WorkflowRun } from '@workflow/world';
import { secretFingerprint } from './secret-fingerprint.js';

const SCHEME = 'aes256gcm-v1';
/** Keys shorter than this are refused: 32 characters of `openssl rand -base64 32` carry 192 bits and more. */
export const MIN_ENCRYPTION_KEY_LENGTH = 32;
const HKDF_SALT = new TextEncoder().encode('workflow-world-cloudflare run encryption v1');
/** Runs whose stamp (and derived key) this isolate remembers. */
const CACHED_RUNS = 4096;

export interface EncryptionKeyVars {
  /** The key new runs are encrypted with (a secret, ≥ 32 characters). Unset: encryption off for new runs. */
  WORKFLOW_ENCRYPTION_KEY?: string;
  /** Earlier keys, comma-separated: runs stamped with them still decrypt. */
  WORKFLOW_ENCRYPTION_KEYS_PREVIOUS?: string;
}

export interface EncryptionKeys {
  /** Any key is configured (current or previous). */
  readonly enabled: boolean;
  /** What a new run's `executionContext` records, or nothing when encryption is off. */
  stamp(): { encryptionKey: string } | undefined;
  /** `World.getEncryptionKeyForRun`. */
  keyForRun(runOrId: WorkflowRun | string, context?: Record<string, unknown>): Promise<Uint8Array | undefined>;
}

/**
 * @throws CloudflareWorldError `CONFIG_INVALID` for a key shorter than 32 characters.
 * @param runs reads a run's stamp when only its id is known (cached per isolate afterwards).
 */
export function createEncryptionKeys(vars: EncryptionKeyVars, runs: Pick<Storage['runs'], 'get'>): EncryptionKeys {
  const current = vars.WORKFLOW_ENCRYPTION_KEY?.trim() || undefined;
  const previous = (vars.WORKFLOW_ENCRYPTION_KEYS_PREVIOUS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  for (const [name, key] of [...(current ? [['WORKFLOW_ENCRYPTION_KEY', current]] : []), ...previous.map((k) => ['WORKFLOW_ENCRYPTION_KEYS_PREVIOUS', k])]) {
    if ((key as string).length < MIN_ENCRYPTION_KEY_LENGTH) {
      throw new CloudflareWorldError('CONFIG_INVALID', `${name}: every key must be at least ${MIN_ENCRYPTION_KEY_LENGTH} characters (e.g. \`openssl rand -base64 32\`)`);
    }
  }
  const stampOf = (secret: string) => `${SCHEME}:${secretFingerprint('encryption key', secret)}`;
  const secrets = new Map<string, string>([...previous, ...(current ? [current] : [])].map((k) => [stampOf(k), k]));
  const currentStamp = current ? stampOf(current) : undefined;
  /** runId → its stamp (`null`: not encrypted). */
  const stamps = new Map<string, string | null>();
  const derived = new Map<string, Promise<Uint8Array>>();

  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    if (map.size >= CACHED_RUNS) map.delete(map.keys().next().value as string);
    map.set(key, value);
  };

  async function stampOfRun(runOrId: WorkflowRun | string, context: Record<string, unknown> | undefined): Promise<string | null> {
    if (typeof runOrId !== 'string') {
      const stamp = runOrId.executionContext?.encryptionKey;
      return typeof stamp === 'string' ? stamp : null;
    }
    const known = stamps.get(runOrId);
    if (known !== undefined) return known;
    // `start()` asks with a context for a run it is about to create: the storage stamps it with the current key.
    if (context !== undefined) return currentStamp ?? null;
    const run = await runs.get(runOrId, { resolveData: 'none' });
    const stamp = run.executionContext?.encryptionKey;
    return typeof stamp === 'string' ? stamp : null;
  }

  return {
    enabled: secrets.size > 0,
    stamp: () => (currentStamp ? { encryptionKey: currentStamp } : undefined),
    async keyForRun(runOrId, context) {
      // No key configured: nothing to do (and no lookup, so a World without encryption pays nothing).
      if (secrets.size === 0) return undefined;
      const runId = typeof runOrId === 'string' ? runOrId : runOrId.runId;
      const stamp = await stampOfRun(runOrId, context);
      remember(stamps, runId, stamp);
      if (stamp === null) return undefined;
      const secret = secrets.get(stamp);
      if (secret === undefined) {
        throw new RuntimeDecryptionError(
          `Run "${runId}" is encrypted with key ${stamp}, which is not configured (WORKFLOW_ENCRYPTION_KEY is ` +
            `${currentStamp ?? 'unset'}; WORKFLOW_ENCRYPTION_KEYS_PREVIOUS has ${secrets.size - (currentStamp ? 1 : 0)} key(s)). ` +
            'Add the key it was created with to WORKFLOW_ENCRYPTION_KEYS_PREVIOUS.',
        );
      }
      let key = derived.get(`${stamp}/${runId}`);
      if (!key) {
        key = deriveRunKey(secret, runId);
        remember(derived, `${stamp}/${runId}`, key);
      }
      return key;
    },
  };
}

/** HKDF-SHA-256(secret, salt, info = runId) → 32 bytes: one AES-256 key per run. */
async function deriveRunKey(secret: string, runId: string): Promise<Uint8Array> {
  const ikm = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: HKDF_SALT, info: new TextEncoder().encode(runId) }, ikm, 256);
  return new Uint8Array(bits);
}
