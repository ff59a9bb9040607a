/**
 * The one codec for values the World stores as text (Durable Object SQLite, D1, R2 metadata, queue bodies).
 * JSON cannot carry `Uint8Array` (DevKit payloads since spec 2), `Date` (retryAfter, resumeAt) or our
 * R2 references, so those become single-key tagged objects. A user object that happens to look like a tag
 * is wrapped in `$esc`, so decoding is exact for every JSON-shaped input.
 */

/** A payload that was moved to R2; `key` is the object key in the bucket, `size` its byte length. */
export interface BlobRef {
  readonly $blob: string;
  readonly size: number;
}

const TAGS = new Set(['$b64', '$date', '$blob', '$esc']);

export function isBlobRef(value: unknown): value is BlobRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { $blob?: unknown }).$blob === 'string' &&
    typeof (value as { size?: unknown }).size === 'number' &&
    Object.keys(value).length === 2
  );
}

function looksLikeTag(o: Record<string, unknown>): boolean {
  const keys = Object.keys(o);
  return keys.some((k) => TAGS.has(k)) && keys.length <= 2;
}

/** Turns a value into its JSON-safe tagged form (no stringify). */
export function toTagged(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $b64: bytesToBase64(value) };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(toTagged);
  if (value !== null && typeof value === 'object') {
    if (isBlobRef(value)) return { $blob: value.$blob, size: value.size };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toTagged(v);
    }
    return looksLikeTag(out) ? { $esc: out } : out;
  }
  return value;
}

/** Inverse of {@link toTagged}. */
export function fromTagged(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromTagged);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.$b64 === 'string' && Object.keys(o).length === 1) return base64ToBytes(o.$b64);
    if (typeof o.$date === 'string' && Object.keys(o).length === 1) return new Date(o.$date);
    if (isBlobRef(o)) return { $blob: o.$blob, size: o.size } satisfies BlobRef;
    if (o.$esc !== undefined && Object.keys(o).length === 1) {
      const inner = o.$esc as Record<string, unknown>;
      return Object.fromEntries(Object.entries(inner).map(([k, v]) => [k, fromTagged(v)]));
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fromTagged(v)]));
  }
  return value;
}

/** Encodes any stored value as text. `undefined` encodes as `null`. */
export function encodeValue(value: unknown): string {
  return JSON.stringify(toTagged(value ?? null));
}

/** Decodes text written by {@link encodeValue}; `null`/`undefined` input decodes to `undefined`. */
export function decodeValue(text: string | null | undefined): unknown {
  if (text === null || text === undefined) return undefined;
  const parsed: unknown = JSON.parse(text);
  return parsed === null ? undefined : fromTagged(parsed);
}

const encoder = new TextEncoder();

/** Bytes a payload occupies once stored: raw length for binary, UTF-8 length of its encoding otherwise. */
export function payloadByteLength(value: unknown): number {
  if (value instanceof Uint8Array) return value.byteLength;
  if (value === undefined) return 0;
  return encoder.encode(encodeValue(value)).byteLength;
}

const CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

export function base64ToBytes(b64: string): Uint8Array {
  const binary = atob(b64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
