/**
 * `createWorkflowWorker`: one helper that wires a Worker for DevKit workflows on this World — the DevKit's
 * flow / step / webhook routes, the app's own routes, the queue consumer and an optional recovery sweep.
 */
import { WorkerEntrypoint } from 'cloudflare:workers';
import { setRunExecutionHost, type StepOutcome, type StepStart, withStepEnd, withStepInvocation } from '@workflow-world-cloudflare/durable-coordinator';
import type { Delivery } from '@workflow-world-cloudflare/queue-cf';
import { reenqueueActiveRuns } from '@workflow/world';
import { z } from 'zod';
import type { Env } from '../env.js';
import { type CloudflareWorld, type CloudflareWorldOptions, getCloudflareWorld } from '../world.js';
import { installBackgroundWork } from './background-work.js';
import { installWorld } from './install-world.js';
import { installPortReport } from './port-report.js';
import { createRunHost, type StepEntrypoint } from './run-host.js';
import { installSandboxKey } from './sandbox-key.js';
import { serveWebhook } from './webhook-route.js';
import { serveWorldApi } from './world-api.js';

/** The shape of the generated `handlers.js` (`workflow-world-cloudflare build`). */
export interface WorkflowHandlers {
  /** Export name -> workflow id, for `start({ workflowId }, args)`. */
  readonly workflows: Readonly<Record<string, string>>;
  loadHandlers(): Promise<void>;
  handleFlow(request: Request): Promise<Response>;
  handleStep(request: Request): Promise<Response>;
  handleWebhook(request: Request): Promise<Response>;
}

/** What the app's own handlers receive besides the usual arguments. */
export interface WorkflowContext {
  world: CloudflareWorld;
  handlers: WorkflowHandlers;
}

export interface WorkflowWorkerOptions<E extends Env> {
  /**
   * The generated handlers. Pass a function that imports them (`() => import('./.workflow-cloudflare/handlers.js')`):
   * the DevKit runtime must not be evaluated at global scope in Workers.
   */
  handlers: () => Promise<WorkflowHandlers>;
  /** The app's own routes; requests outside `/.well-known/workflow/v1/` go here. Default: 404. */
  fetch?: (request: Request, env: E, ctx: ExecutionContext, workflow: WorkflowContext) => Response | Promise<Response>;
  /**
   * World options (or a function of env) used when this isolate's World is created. `execution` defaults to
   * `'run-object'`: each run executes inside its `WorkflowRunObject`.
   */
  world?: CloudflareWorldOptions | ((env: E) => CloudflareWorldOptions);
  /**
   * Step deliveries of one run in flight at once (default 32); more wait in the run's inbox. Each step is a
   * call from the run's object to this Worker; Cloudflare may hold outgoing calls of one invocation beyond 6 in
   * a pending queue, so very wide fan-outs of slow steps can run in waves in production.
   */
  maxConcurrentSteps?: number;
  /** Dead-letter queue name; its batches go to `onDeadLetter` (when set) instead of the workflow consumer. Default `workflow-dlq`. */
  deadLetterQueue?: string;
  /** Called with each dead-letter batch; ack / retry is yours. Without it, such batches are left unacked. */
  onDeadLetter?: (batch: MessageBatch<unknown>, env: E, ctx: ExecutionContext) => Promise<void>;
  /**
   * On a cron trigger, re-enqueue every pending / running run (replay is idempotent). Not needed for correctness —
   * the coordinator objects' alarms redeliver what was lost — but a cheap safety net. Default false.
   */
  recoverOnSchedule?: boolean;
}

const WELL_KNOWN = '/.well-known/workflow/v1/';

/** The Worker class `createWorkflowWorker` returns: HTTP, queue and cron handlers, plus the step entrypoint. */
export type WorkflowWorker<E extends Env> = new (ctx: ExecutionContext, env: E) => WorkerEntrypoint<E> &
  StepEntrypoint & {
    fetch(request: Request): Promise<Response>;
    queue(batch: MessageBatch<unknown>): Promise<void>;
    scheduled(controller: ScheduledController): Promise<void>;
  };

/** A step delivery from a run object: the RPC boundary of `runWorkflowStep`. */
const DeliverySchema = z.strictObject({
  messageId: z.string().regex(/^msg_[0-9A-Z]+$/),
  queueName: z.string().min(1),
  attempt: z.number().int().min(1),
  body: z.string(),
});

/** The step's `step_started` as its object wrote it at dispatch: the object's answer, as an RPC would carry it. */
const StepStartSchema = z.strictObject({
  runId: z.string().min(1),
  stepId: z.string().min(1),
  result: z.union([
    z.strictObject({ ok: z.literal(true), value: z.record(z.string(), z.unknown()) }),
    z.strictObject({ ok: z.literal(false), error: z.record(z.string(), z.unknown()) }),
  ]),
});

/**
 * Makes the Worker's default export. Also registers, for this isolate, how run objects execute their runs
 * (replays in the object, steps through {@link StepEntrypoint.runWorkflowStep} on this class).
 *
 * @example
 * ```ts
 * import { createWorkflowWorker } from 'workflow-world-cloudflare/worker';
 * export { WorkflowRunObject, WorkflowQueueObject, WorkflowStreamObject } from 'workflow-world-cloudflare';
 * export default createWorkflowWorker<Env>({
 *   handlers: () => import('./.workflow-cloudflare/handlers.js'),
 *   fetch: (request, env, ctx, { world }) => app.fetch(request, env, ctx),
 * });
 * ```
 */
export function createWorkflowWorker<E extends Env>(options: WorkflowWorkerOptions<E>): WorkflowWorker<E> {
  let loaded: Promise<WorkflowHandlers> | undefined;
  // One World per isolate, like the DevKit's own cache: the generated handlers register their queue handlers on
  // the World installed when they load, so every later request must use that same World (bindings in `env` stay
  // valid across requests; the env object itself need not be the same one). Run objects of this Worker use it
  // too: they are created in isolates of the same script.
  let world: CloudflareWorld | undefined;

  async function prepare(env: E): Promise<WorkflowContext> {
    if (!world) {
      const worldOptions = typeof options.world === 'function' ? options.world(env) : options.world;
      world = getCloudflareWorld(env, { execution: 'run-object', ...worldOptions });
      const secret = worldOptions?.signingSecret ?? env.WORKFLOW_SIGNING_SECRET;
      if (secret) installSandboxKey(secret);
    }
    installWorld(world);
    installBackgroundWork();
    installPortReport();
    // Once per isolate: importing the flow and step modules registers their queue handlers on the World.
    loaded ??= options.handlers().then(async (handlers) => {
      await handlers.loadHandlers();
      return handlers;
    });
    try {
      return { world, handlers: await loaded };
    } catch (error) {
      loaded = undefined; // a failed import is retried by the next request, not cached forever
      throw error;
    }
  }

  setRunExecutionHost(
    createRunHost({
      prepare: async (env) => (await prepare(env as E)).world,
      maxConcurrentSteps: options.maxConcurrentSteps ?? 32,
    }),
  );

  return class extends WorkerEntrypoint<E> {
    override async fetch(request: Request): Promise<Response> {
      const workflow = await prepare(this.env);
      const { pathname } = new URL(request.url);
      if (pathname.startsWith(WELL_KNOWN)) {
        const route = pathname.slice(WELL_KNOWN.length);
        if (route === 'flow') return workflow.handlers.handleFlow(request);
        if (route === 'step') return workflow.handlers.handleStep(request);
        if (route.startsWith('webhook/')) return serveWebhook(request, workflow.world, workflow.handlers.handleWebhook);
        // The World API (off unless WORKFLOW_WORLD_API_TOKEN or _READ_TOKEN is bound): the remote World's server.
        if (route.startsWith('world/')) return serveWorldApi(request, workflow.world, this.env);
        return Response.json({ error: { name: 'NotFound', message: `No workflow route ${pathname}` } }, { status: 404 });
      }
      if (options.fetch) return options.fetch(request, this.env, this.ctx, workflow);
      return Response.json({ error: { name: 'NotFound', message: `No route ${pathname}` } }, { status: 404 });
    }

    override async queue(batch: MessageBatch<unknown>): Promise<void> {
      if (batch.queue === (options.deadLetterQueue ?? 'workflow-dlq')) {
        if (options.onDeadLetter) await options.onDeadLetter(batch, this.env, this.ctx);
        return;
      }
      const { world } = await prepare(this.env);
      await world.handleQueueBatch(batch);
    }

    override async scheduled(): Promise<void> {
      if (!options.recoverOnSchedule) return;
      const { world } = await prepare(this.env);
      await reenqueueActiveRuns(world.runs, world.queue, 'workflow-world-cloudflare');
    }

    /**
     * Runs one step delivery of a run (called by the run's object over the loopback binding, never over HTTP)
     * and says how it ended; the object records the outcome. `start`: the step's `step_started`, which the object
     * wrote when it dispatched the step; the DevKit's handler is answered with it instead of a round trip back.
     */
    async runWorkflowStep(delivery: Delivery, start?: StepStart): Promise<StepOutcome> {
      const parsed = DeliverySchema.safeParse(delivery);
      if (!parsed.success) return { kind: 'failed', error: `Malformed step delivery: ${parsed.error.message}`, maxAttempts: 1, delayMs: 0 };
      const started = start === undefined ? undefined : StepStartSchema.safeParse(start);
      if (started?.success === false) return { kind: 'failed', error: `Malformed step start: ${started.error.message}`, maxAttempts: 1, delayMs: 0 };
      const { world } = await prepare(this.env);
      // The step's step_completed, held in this invocation, goes back in the answer: the object writes it.
      return withStepInvocation(async () => withStepEnd(await world.deliver(parsed.data)), started?.data as StepStart | undefined);
    }
  };
}
