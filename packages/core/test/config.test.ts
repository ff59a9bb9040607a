import { describe, expect, it } from 'vitest';
import { CloudflareWorldError, parseWorldConfig } from '../src/index.js';

describe('parseWorldConfig', () => {
  it('fills documented defaults and ignores bindings', () => {
    const c = parseWorldConfig({ DB: {}, BUCKET: {} });
    expect(c).toEqual({
      LARGE_DATA_THRESHOLD: 10240,
      MAX_PAYLOAD_BYTES: 25 * 1024 * 1024,
      DEPLOYMENT_ID: 'dpl_cloudflare',
      OWNER_ID: 'cloudflare-owner',
      PROJECT_ID: 'cloudflare-project',
      ENVIRONMENT: 'production',
    });
  });

  it('coerces string vars and lets options override them', () => {
    const c = parseWorldConfig({ LARGE_DATA_THRESHOLD: '2048', DEPLOYMENT_ID: 'dpl_env' }, { DEPLOYMENT_ID: 'dpl_opt' });
    expect(c.LARGE_DATA_THRESHOLD).toBe(2048);
    expect(c.DEPLOYMENT_ID).toBe('dpl_opt');
  });

  it('rejects bad values and unknown option keys with CONFIG_INVALID naming each key', () => {
    let err: unknown;
    try {
      parseWorldConfig({ LARGE_DATA_THRESHOLD: 'lots' }, { NOPE: 1 } as never);
    } catch (e) {
      err = e;
    }
    expect(CloudflareWorldError.is(err)).toBe(true);
    const e = err as CloudflareWorldError;
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('LARGE_DATA_THRESHOLD');
    expect(e.message).toContain('NOPE');
  });

  it('caps the inline threshold below the 2 MB row limit', () => {
    expect(() => parseWorldConfig({}, { LARGE_DATA_THRESHOLD: 3_000_000 })).toThrow(/LARGE_DATA_THRESHOLD/);
  });
});
