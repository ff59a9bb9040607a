/// <reference types="@cloudflare/vitest-plugin/types" />
/**
 * The message store's memory mirror answers every read as SQLite would, and a rolled-back transaction is
 * undone by `reload()`.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createMessageStore, type MessageRow, type WorkflowQueueObject, withMemoryMirror } from '../src/index.js';

const row = (id: string, over: Partial<MessageRow> = {}): MessageRow => ({
  message_id: id,
  idempotency_key: null,
  queue_name: '__wkf_step_s',
  body: '{}',
  body_ref: null,
  body_size: 2,
  headers: '{}',
  deployment_id: 'dpl',
  state: 'pending',
  attempt: 0,
  due_at: 100,
  lease_ms: 0,
  created_at: 1,
  last_error: null,
  ...over,
});

/** Runs `fn` with a mirrored store and the plain store over the same (fresh) object's SQLite. */
function withStores<T>(fn: (mirror: ReturnType<typeof withMemoryMirror>, sql: ReturnType<typeof createMessageStore>, storage: DurableObjectStorage) => T) {
  const stub = env.WORKFLOW_QUEUE_COORDINATOR.get(env.WORKFLOW_QUEUE_COORDINATOR.newUniqueId());
  return runInDurableObject(stub, (_: WorkflowQueueObject, state) => {
    const plain = createMessageStore(state.storage.sql);
    const mirror = withMemoryMirror(plain);
    mirror.migrate();
    return fn(mirror, plain, state.storage);
  });
}

describe('memory mirror of the message store', () => {
  it('answers reads exactly as the table does, through inserts, updates and deletes', async () => {
    await withStores((mirror, plain) => {
      mirror.insert(row('msg_A', { idempotency_key: 'k1', due_at: 300 }));
      mirror.insert(row('msg_B', { due_at: 200, created_at: 2 }));
      mirror.insert(row('msg_C', { state: 'dead', due_at: 50, created_at: 3 }));
      mirror.update('msg_A', { state: 'running', attempt: 1 });
      mirror.delete('msg_B');
      mirror.insert(row('msg_D', { idempotency_key: 'k2', due_at: 10, created_at: 4 }));
      mirror.setMeta('flow_queue', '__wkf_workflow_w');
      for (const store of [mirror, plain]) {
        expect(store.get('msg_A')).toMatchObject({ state: 'running', attempt: 1 });
        expect(store.get('msg_B')).toBeUndefined();
        expect(store.findByKey('k1')?.message_id).toBe('msg_A');
        expect(store.findByKey('k2')?.message_id).toBe('msg_D');
        expect(store.due(100, ['pending', 'dead'], 10).map((r) => r.message_id)).toEqual(['msg_D', 'msg_C']);
        expect(store.nextDue(['running'])).toBe(300);
        expect(store.all().map((r) => r.message_id)).toEqual(['msg_A', 'msg_C', 'msg_D']);
        expect(store.meta('flow_queue')).toBe('__wkf_workflow_w');
      }
    });
  });

  it('reload() drops what a rolled-back transaction wrote through it', async () => {
    await withStores((mirror, plain, storage) => {
      mirror.insert(row('msg_keep'));
      expect(() =>
        storage.transactionSync(() => {
          mirror.insert(row('msg_lost'));
          mirror.update('msg_keep', { state: 'dead' });
          throw new Error('rolled back');
        }),
      ).toThrow('rolled back');
      // The mirror still shows the rolled-back writes until it is reloaded.
      expect(mirror.get('msg_lost')).toBeDefined();
      mirror.reload();
      expect(mirror.get('msg_lost')).toBeUndefined();
      expect(mirror.get('msg_keep')?.state).toBe('pending');
      expect(mirror.all()).toEqual(plain.all());
    });
  });

  it('refuses the store\'s own meta keys', async () => {
    await withStores((mirror) => {
      expect(() => mirror.setMeta('shard', 'x')).toThrow(/reserved/);
    });
  });
});
