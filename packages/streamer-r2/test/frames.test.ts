import { describe, expect, it } from 'vitest';
import { controlFrame, encodeFrames, FRAME, FrameDecoder } from '../src/frames.js';
import { decodeSegment, encodeSegment } from '../src/segment-codec.js';

describe('frames', () => {
  it('decode the same whatever the byte boundaries (one byte at a time, or all at once)', () => {
    const frames = [
      controlFrame(FRAME.START, 7),
      { type: FRAME.CHUNK, index: 7, payload: new Uint8Array([0, 1, 0, 255]) },
      { type: FRAME.CHUNK, index: 8, payload: new Uint8Array(0) },
      { type: FRAME.REF, index: 9, payload: new TextEncoder().encode('streams/chunks/x/blob_1') },
      controlFrame(FRAME.END, 10),
    ];
    const bytes = encodeFrames(frames);
    for (const step of [1, 2, 5, bytes.byteLength]) {
      const d = new FrameDecoder();
      const out = [];
      for (let at = 0; at < bytes.byteLength; at += step) {
        d.push(bytes.subarray(at, at + step));
        for (let f = d.next(); f; f = d.next()) out.push(f);
      }
      expect(out).toEqual(frames);
      expect(d.buffered).toBe(0);
    }
  });

  it('reject an unknown frame type with CORRUPT_ROW', () => {
    const d = new FrameDecoder();
    d.push(new Uint8Array([9, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(() => d.next()).toThrowError(expect.objectContaining({ code: 'CORRUPT_ROW' }));
  });
});

describe('segments', () => {
  it('round-trip inline and referenced chunks, and reject a truncated body with CORRUPT_ROW', () => {
    const chunks = [{ data: new Uint8Array([1, 0, 2]) }, { ref: 'streams/chunks/a/blob_1' }, { data: new Uint8Array(0) }];
    const body = encodeSegment(chunks);
    expect(decodeSegment(body, 3, 'k')).toEqual(chunks);
    expect(() => decodeSegment(body.subarray(0, body.byteLength - 1), 3, 'k')).toThrowError(expect.objectContaining({ code: 'CORRUPT_ROW' }));
    expect(() => decodeSegment(body, 4, 'k')).toThrowError(expect.objectContaining({ code: 'CORRUPT_ROW' }));
  });
});
