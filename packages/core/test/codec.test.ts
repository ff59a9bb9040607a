import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue, isBlobRef, payloadByteLength } from '../src/index.js';

describe('stored-value codec', () => {
  it('round-trips binary byte for byte, including null bytes', () => {
    const bytes = new Uint8Array([0, 1, 0, 255, 128, 0]);
    const back = decodeValue(encodeValue({ input: bytes })) as { input: Uint8Array };
    expect(back.input).toBeInstanceOf(Uint8Array);
    expect([...back.input]).toEqual([...bytes]);
  });

  it('keeps dates to the millisecond', () => {
    const d = new Date('2026-11-24T05:06:07.891Z');
    const back = decodeValue(encodeValue({ at: d })) as { at: Date };
    expect(back.at).toBeInstanceOf(Date);
    expect(back.at.getTime()).toBe(d.getTime());
  });

  it('keeps blob refs and escapes user objects that look like tags', () => {
    const ref = { $blob: 'runs/x/y', size: 3 };
    const lookalike = { $b64: 'not-binary' };
    const back = decodeValue(encodeValue({ ref, lookalike, nested: [{ $date: 'nope' }] })) as Record<string, unknown>;
    expect(isBlobRef(back.ref)).toBe(true);
    expect(back.lookalike).toEqual(lookalike);
    expect(back.nested).toEqual([{ $date: 'nope' }]);
  });

  it('decodes null as undefined and measures payloads', () => {
    expect(decodeValue(null)).toBeUndefined();
    expect(decodeValue(encodeValue(undefined))).toBeUndefined();
    expect(payloadByteLength(new Uint8Array(10))).toBe(10);
    expect(payloadByteLength({ message: 'é' })).toBe(JSON.stringify({ message: 'é' }).length + 1);
  });

  it('handles a 3 MB binary', () => {
    const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
    const back = decodeValue(encodeValue(big)) as Uint8Array;
    expect(back.byteLength).toBe(big.byteLength);
    expect(back[1234567]).toBe(big[1234567]);
  });
});
