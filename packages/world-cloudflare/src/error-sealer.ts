/**
 * The storage's `ErrorSealer` with the runs' encryption keys (see `encryption-keys.ts`): AES-256-GCM under the
 * run's key, the run id as additional data, a fresh 96-bit nonce per text. A sealed text reads
 * `wwc-sealed:v1:<base64(nonce ‖ ciphertext)>`; a run without a key keeps its texts as they are.
 */
import { base64ToBytes, bytesToBase64 } from '@workflow-world-cloudflare/core';
import type { ErrorSealer } from '@workflow-world-cloudflare/durable-coordinator';
import { RuntimeDecryptionError } from '@workflow/errors';
import type { EncryptionKeys } from './encryption-keys.js';

const PREFIX = 'wwc-sealed:v1:';
const NONCE_BYTES = 12;
const CACHED_KEYS = 4096;
const utf8 = new TextEncoder();

export function createErrorSealer(keys: EncryptionKeys): ErrorSealer {
  const imported = new Map<string, Promise<CryptoKey | undefined>>();

  function keyOf(runId: string): Promise<CryptoKey | undefined> {
    let key = imported.get(runId);
    if (!key) {
      key = keys.keyForRun(runId).then((raw) => (raw ? crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']) : undefined));
      // A failed lookup is not remembered: the next call asks again.
      key.catch(() => imported.delete(runId));
      if (imported.size >= CACHED_KEYS) imported.delete(imported.keys().next().value as string);
      imported.set(runId, key);
    }
    return key;
  }

  return {
    isSealed: (text) => text.startsWith(PREFIX),
    async seal(runId, text) {
      const key = await keyOf(runId);
      if (!key) return text;
      const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
      const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: utf8.encode(runId) }, key, utf8.encode(text)));
      const out = new Uint8Array(NONCE_BYTES + ct.byteLength);
      out.set(nonce);
      out.set(ct, NONCE_BYTES);
      return PREFIX + bytesToBase64(out);
    },
    async open(runId, text) {
      if (!text.startsWith(PREFIX)) return text;
      const key = await keyOf(runId);
      if (!key) throw new RuntimeDecryptionError(`Run "${runId}" has an encrypted error but no encryption key is configured for it`);
      const bytes = base64ToBytes(text.slice(PREFIX.length));
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.subarray(0, NONCE_BYTES), additionalData: utf8.encode(runId) },
          key,
          bytes.subarray(NONCE_BYTES),
        );
        return new TextDecoder().decode(plain);
      } catch (cause) {
        throw new RuntimeDecryptionError(`Run "${runId}": an encrypted error does not open with the run's key`, { cause });
      }
    },
  };
}
