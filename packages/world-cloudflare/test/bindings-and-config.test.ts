import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CloudflareWorldError, createCloudflareWorld, type Env } from '../src/index.js';

function errorOf(fn: () => unknown): CloudflareWorldError {
  try {
    fn();
  } catch (e) {
    if (CloudflareWorldError.is(e)) return e;
    throw e;
  }
  throw new Error('expected a CloudflareWorldError');
}

describe('createCloudflareWorld: bindings', () => {
  it('names every missing binding and the wrangler setting to add', () => {
    const { DB: _db, WORKFLOW_RUN: _run, ...rest } = env;
    const err = errorOf(() => createCloudflareWorld(rest as unknown as Env));
    expect(err.code).toBe('BINDING_MISSING');
    expect(err.message).toContain('"DB"');
    expect(err.message).toContain('d1_databases');
    expect(err.message).toContain('"WORKFLOW_RUN"');
    expect(err.message).toContain('new_sqlite_classes');
    expect(err.message).not.toContain('"BUCKET"');
  });

  it('refuses a binding of the wrong kind', () => {
    const err = errorOf(() => createCloudflareWorld({ ...env, BUCKET: env.CACHE } as unknown as Env));
    expect(err.code).toBe('BINDING_MISSING');
    expect(err.message).toContain('binding "BUCKET" is not a R2 bucket');
  });

  it('works without the optional CACHE', () => {
    const { CACHE: _c, ...rest } = env;
    expect(() => createCloudflareWorld(rest as unknown as Env)).not.toThrow();
  });
});

describe('createCloudflareWorld: configuration', () => {
  it('reads vars, lets options override them and exposes the World surface', async () => {
    const world = createCloudflareWorld(env, { LARGE_DATA_THRESHOLD: 4096, OWNER_ID: 'acme' });
    expect(world.specVersion).toBe(3);
    expect(await world.getDeploymentId()).toBe('dpl_test'); // from vars
    expect(world.config.LARGE_DATA_THRESHOLD).toBe(4096);
    expect(world.config.OWNER_ID).toBe('acme');
    for (const method of ['queue', 'createQueueHandler', 'writeToStream', 'readFromStream', 'getStreamChunks', 'getStreamInfo', 'listStreamsByRunId', 'closeStream', 'start', 'close'] as const) {
      expect(typeof world[method]).toBe('function');
    }
    for (const part of ['runs', 'steps', 'events', 'hooks'] as const) expect(typeof world[part].get).toBe('function');
  });

  it('rejects bad config with CONFIG_INVALID naming the key', () => {
    const err = errorOf(() => createCloudflareWorld({ ...env, LARGE_DATA_THRESHOLD: 'big' }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('LARGE_DATA_THRESHOLD');
    const err2 = errorOf(() => createCloudflareWorld(env, { DEPLOYMENT_ID: '' }));
    expect(err2.message).toContain('DEPLOYMENT_ID');
  });

  it('rejects a signing secret shorter than 16 characters', () => {
    const err = errorOf(() => createCloudflareWorld(env, { signingSecret: 'short' }));
    expect(err.message).toContain('signingSecret');
  });
});
