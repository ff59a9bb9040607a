/** Failures as data across RPC, and back to the right class. */
import { describe, expect, it } from 'vitest';
import { fromRpcError } from '@workflow-world-cloudflare/core';

describe('fromRpcError', () => {
  it('rebuilds a CloudflareWorldError with its code', () => {
    const err = fromRpcError({ name: 'CloudflareWorldError', message: 'too big', code: 'PAYLOAD_TOO_LARGE' });
    expect(err).toMatchObject({ name: 'CloudflareWorldError', code: 'PAYLOAD_TOO_LARGE', message: 'too big' });
  });

  it('does not invent a code (such as CORRUPT_ROW) for one that came without', () => {
    const err = fromRpcError({ name: 'CloudflareWorldError', message: 'no code' });
    expect(err.name).toBe('CloudflareWorldError');
    expect(err.message).toBe('no code');
    expect((err as { code?: string }).code).toBeUndefined();
  });
});
