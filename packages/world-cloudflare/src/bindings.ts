/**
 * Checks the Worker's bindings once, when the World is created, so a missing or mistyped binding fails at
 * startup with the exact wrangler setting to add, instead of deep inside the first workflow.
 */
import { type BindingKind, CloudflareWorldError, isBinding } from '@workflow-world-cloudflare/core';

interface BindingSpec {
  /** What kind of binding, for the message. */
  kind: string;
  /** Its shape (core's `BINDING_KINDS`). */
  is: BindingKind;
  /** The wrangler.jsonc block that declares it. */
  wrangler: string;
}

export const BINDING_SPECS = {
  DB: {
    kind: 'D1 database',
    is: 'd1',
    wrangler:
      '"d1_databases": [{ "binding": "DB", "database_name": "workflow", "database_id": "<id>", "migrations_dir": "node_modules/@workflow-world-cloudflare/storage-d1/migrations" }]',
  },
  BUCKET: {
    kind: 'R2 bucket',
    is: 'r2',
    wrangler: '"r2_buckets": [{ "binding": "BUCKET", "bucket_name": "workflow" }]',
  },
  CACHE: {
    kind: 'KV namespace',
    is: 'kv',
    wrangler: '"kv_namespaces": [{ "binding": "CACHE", "id": "<id>" }]',
  },
  WORKFLOW_QUEUE: {
    kind: 'Queue producer',
    is: 'queue',
    wrangler:
      '"queues": { "producers": [{ "binding": "WORKFLOW_QUEUE", "queue": "workflow" }], "consumers": [{ "queue": "workflow", "dead_letter_queue": "workflow-dlq" }] }',
  },
  WORKFLOW_DLQ: {
    kind: 'Queue producer (dead-letter queue)',
    is: 'queue',
    wrangler: '"queues": { "producers": [{ "binding": "WORKFLOW_DLQ", "queue": "workflow-dlq" }] }',
  },
  WORKFLOW_RUN: {
    kind: 'Durable Object namespace (WorkflowRunObject)',
    is: 'durableObjectNamespace',
    wrangler:
      '"durable_objects": { "bindings": [{ "name": "WORKFLOW_RUN", "class_name": "WorkflowRunObject" }] } and "migrations": [{ "tag": "v1", "new_sqlite_classes": ["WorkflowRunObject"] }]',
  },
  WORKFLOW_STREAM: {
    kind: 'Durable Object namespace (WorkflowStreamObject)',
    is: 'durableObjectNamespace',
    wrangler:
      '"durable_objects": { "bindings": [{ "name": "WORKFLOW_STREAM", "class_name": "WorkflowStreamObject" }] } and add "WorkflowStreamObject" to "new_sqlite_classes"',
  },
  WORKFLOW_QUEUE_COORDINATOR: {
    kind: 'Durable Object namespace (WorkflowQueueObject)',
    is: 'durableObjectNamespace',
    wrangler:
      '"durable_objects": { "bindings": [{ "name": "WORKFLOW_QUEUE_COORDINATOR", "class_name": "WorkflowQueueObject" }] } and add "WorkflowQueueObject" to "new_sqlite_classes"',
  },
} as const satisfies Record<string, BindingSpec>;

export type WorldBindingName = keyof typeof BINDING_SPECS;

/** Bindings that must be present; `CACHE` is optional (without it nothing is cached). */
export const REQUIRED_BINDINGS: readonly WorldBindingName[] = [
  'DB',
  'BUCKET',
  'WORKFLOW_QUEUE',
  'WORKFLOW_DLQ',
  'WORKFLOW_RUN',
  'WORKFLOW_STREAM',
  'WORKFLOW_QUEUE_COORDINATOR',
];

/**
 * Verifies every required binding (and `CACHE` when present) has the right kind.
 *
 * @throws CloudflareWorldError `BINDING_MISSING`, naming every bad binding and the wrangler setting to add.
 */
export function assertBindings(env: Record<string, unknown>): void {
  const problems: string[] = [];
  for (const name of Object.keys(BINDING_SPECS) as WorldBindingName[]) {
    const spec: BindingSpec = BINDING_SPECS[name];
    const value = env[name];
    if (value === undefined) {
      if (REQUIRED_BINDINGS.includes(name)) problems.push(`missing ${spec.kind} binding "${name}": add ${spec.wrangler}`);
      continue;
    }
    if (!isBinding(value, spec.is)) {
      problems.push(`binding "${name}" is not a ${spec.kind}: declare it as ${spec.wrangler}`);
    }
  }
  if (problems.length > 0) {
    throw new CloudflareWorldError('BINDING_MISSING', `workflow-world-cloudflare: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
}
