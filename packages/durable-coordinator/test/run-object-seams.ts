/**
 * The run object as the tests bind it (test/worker.ts): the real class, whose D1 index a test can swap on a
 * live instance (`runInDurableObject`) for one that refuses or holds writes (index-doubles.ts). The object's
 * own index stays private; this subclass wraps the one the object makes and forwards to `index`, lets a
 * test set the background drain interval (`drainIntervalMs`), and counts the messages that came through the
 * `enqueue` RPC method (`enqueueCalls`) rather than riding in a `run_created` call.
 */
import type { WorkflowIndex } from '@workflow-world-cloudflare/storage-d1';
import { WorkflowRunObject } from '../src/index.js';
import type { WorkflowRunObjectEnv } from '../src/env.js';
import type { EnqueueCall } from '../src/enqueue-call.js';

export class WorkflowRunObjectWithSeams extends WorkflowRunObject {
  /** The index every call goes to; starts as the object's own. */
  declare index: WorkflowIndex;
  /** When set, the object's background drain interval instead of the default. */
  declare drainIntervalMs: number | undefined;

  enqueueCalls = 0;

  override enqueue(call: EnqueueCall): ReturnType<WorkflowRunObject['enqueue']> {
    this.enqueueCalls++;
    return super.enqueue(call);
  }

  protected override backgroundDrainIntervalMs(): number {
    return this.drainIntervalMs ?? super.backgroundDrainIntervalMs();
  }

  protected override createIndex(env: WorkflowRunObjectEnv): WorkflowIndex {
    this.index = super.createIndex(env);
    return new Proxy({} as WorkflowIndex, {
      get: (_, prop) => {
        const target = this.index;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}
