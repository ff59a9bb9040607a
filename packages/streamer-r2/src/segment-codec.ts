/**
 * The body of a segment object in R2: the chunks it holds, in index order, each as
 * `kind u8 | length u32 BE | payload`. Kind 0 is inline bytes, kind 1 the R2 key of a large chunk.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';

/** One stored chunk: its bytes, or the key of the R2 object holding a chunk too big for a row. */
export type StoredChunk = { data: Uint8Array; ref?: undefined } | { ref: string; data?: undefined };

const INLINE = 0;
const REF = 1;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function encodeSegment(chunks: readonly StoredChunk[]): Uint8Array {
  const payloads = chunks.map((c) => (c.ref === undefined ? c.data : utf8.encode(c.ref)));
  const total = payloads.reduce((n, p) => n + 5 + p.byteLength, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  chunks.forEach((c, i) => {
    const p = payloads[i] as Uint8Array;
    view.setUint8(at, c.ref === undefined ? INLINE : REF);
    view.setUint32(at + 1, p.byteLength);
    out.set(p, at + 5);
    at += 5 + p.byteLength;
  });
  return out;
}

/** @throws CloudflareWorldError `CORRUPT_ROW` when the body does not hold exactly `count` well-formed entries. */
export function decodeSegment(body: Uint8Array, count: number, key: string): StoredChunk[] {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const out: StoredChunk[] = [];
  let at = 0;
  while (at < body.byteLength) {
    if (at + 5 > body.byteLength) break;
    const kind = view.getUint8(at);
    const length = view.getUint32(at + 1);
    const end = at + 5 + length;
    if (end > body.byteLength || (kind !== INLINE && kind !== REF)) break;
    const payload = body.slice(at + 5, end);
    out.push(kind === INLINE ? { data: payload } : { ref: fromUtf8.decode(payload) });
    at = end;
  }
  if (at !== body.byteLength || out.length !== count) {
    throw new CloudflareWorldError('CORRUPT_ROW', `Stream segment ${key} is malformed: expected ${count} chunks`, {
      details: { key, expected: count, decoded: out.length },
    });
  }
  return out;
}
