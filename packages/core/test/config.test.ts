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
      MAX_EVENTS_PER_RUN: 25_000,
      RUN_RETENTION: 7 * 86_400_000,
    });
  });

  it('reads RUN_RETENTION as milliseconds: forever is null, 0 deletes on finish, units s/m/h/d', () => {
    const cases: [string | number, number | null][] = [
      ['forever', null],
      ['0', 0],
      [0, 0],
      ['30s', 30_000],
      ['15m', 900_000],
      ['12h', 43_200_000],
      ['7d', 604_800_000],
      ['3650d', 3650 * 86_400_000],
    ];
    for (const [value, ms] of cases) expect(parseWorldConfig({ RUN_RETENTION: value })).toMatchObject({ RUN_RETENTION: ms });
    for (const bad of ['7', '1w', '-1d', '3651d', 'never', '1.5h', '']) {
      if (bad === '') continue; // an empty var means unset: the default
      expect(() => parseWorldConfig({ RUN_RETENTION: bad })).toThrow(/RUN_RETENTION: expected "forever", "0" or a duration/);
    }
    expect(parseWorldConfig({ RUN_RETENTION: '' }).RUN_RETENTION).toBe(7 * 86_400_000);
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
