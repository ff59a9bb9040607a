/**
 * The wire format of a live read, from the stream object to the reader. Durable Object RPC carries a
 * `ReadableStream` as plain bytes (chunk boundaries are not kept), so every chunk travels as a frame:
 *
 * `type u8 | index u32 BE | length u32 BE | payload (length bytes)`
 *
 * Each frame names its chunk index, so the reader can drop a duplicate and detect a gap instead of trusting
 * the transport. Indexes are u32: a stream holds at most 4,294,967,295 chunks.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';

export const FRAME = {
  /** First frame of a connection: `index` is the resolved start index (a negative start made absolute). */
  START: 0,
  /** A chunk stored inline: payload is its bytes. */
  CHUNK: 1,
  /** A chunk stored as its own R2 object: payload is the UTF-8 key; the reader fetches it. */
  REF: 2,
  /** The stream is closed: `index` is the chunk count. Last frame. */
  END: 3,
} as const;

export type FrameType = (typeof FRAME)[keyof typeof FRAME];

export interface Frame {
  type: FrameType;
  index: number;
  payload: Uint8Array;
}

const HEADER_BYTES = 9;
const EMPTY = new Uint8Array(0);

/** Concatenates `frames` into one buffer (one enqueue on the RPC stream). */
export function encodeFrames(frames: readonly Frame[]): Uint8Array {
  let total = 0;
  for (const f of frames) total += HEADER_BYTES + f.payload.byteLength;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const f of frames) {
    view.setUint8(at, f.type);
    view.setUint32(at + 1, f.index);
    view.setUint32(at + 5, f.payload.byteLength);
    out.set(f.payload, at + HEADER_BYTES);
    at += HEADER_BYTES + f.payload.byteLength;
  }
  return out;
}

/** A frame without payload (`START`, `END`). */
export const controlFrame = (type: typeof FRAME.START | typeof FRAME.END, index: number): Frame => ({ type, index, payload: EMPTY });

/**
 * Reassembles frames from the byte pieces a stream delivers, whatever their boundaries.
 *
 * @example
 * ```ts
 * const decoder = new FrameDecoder();
 * decoder.push(bytes);
 * for (let f = decoder.next(); f; f = decoder.next()) handle(f);
 * ```
 */
export class FrameDecoder {
  #pieces: Uint8Array[] = [];
  #buffered = 0;

  /** Adds bytes received from the stream. */
  push(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    this.#pieces.push(bytes);
    this.#buffered += bytes.byteLength;
  }

  /** Bytes received but not yet returned as a frame (a partial frame when the stream ends). */
  get buffered(): number {
    return this.#buffered;
  }

  /** The next complete frame, or `null` until more bytes arrive. @throws CloudflareWorldError `CORRUPT_ROW` */
  next(): Frame | null {
    if (this.#buffered < HEADER_BYTES) return null;
    const header = this.#peek(HEADER_BYTES);
    const view = new DataView(header.buffer, header.byteOffset, HEADER_BYTES);
    const type = view.getUint8(0);
    const index = view.getUint32(1);
    const length = view.getUint32(5);
    if (type > FRAME.END) throw new CloudflareWorldError('CORRUPT_ROW', `Unknown stream frame type ${type}`);
    if (this.#buffered < HEADER_BYTES + length) return null;
    const whole = this.#take(HEADER_BYTES + length);
    return { type: type as FrameType, index, payload: whole.subarray(HEADER_BYTES) };
  }

  /** The first `n` buffered bytes, without consuming them. */
  #peek(n: number): Uint8Array {
    const first = this.#pieces[0];
    if (first !== undefined && first.byteLength >= n) return first.subarray(0, n);
    return this.#gather(n, false);
  }

  #take(n: number): Uint8Array {
    const first = this.#pieces[0];
    if (first !== undefined && first.byteLength >= n) {
      // A copy, so a delivered chunk never shares (or pins) the transport's buffer.
      const out = first.slice(0, n);
      if (first.byteLength === n) this.#pieces.shift();
      else this.#pieces[0] = first.subarray(n);
      this.#buffered -= n;
      return out;
    }
    return this.#gather(n, true);
  }

  #gather(n: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(n);
    let at = 0;
    let i = 0;
    while (at < n) {
      const piece = this.#pieces[i] as Uint8Array;
      const use = Math.min(piece.byteLength, n - at);
      out.set(piece.subarray(0, use), at);
      at += use;
      if (consume) {
        if (use === piece.byteLength) this.#pieces.shift();
        else this.#pieces[0] = piece.subarray(use);
      } else {
        i++;
      }
    }
    if (consume) this.#buffered -= n;
    return out;
  }
}
