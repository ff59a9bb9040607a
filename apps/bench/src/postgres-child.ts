/**
 * The world-postgres column's own Node process (see `postgres-driver.ts`): the DevKit keeps one world per
 * process, so world-postgres cannot share the bench's process with world-local. Runs `startNodeWorldDriver`
 * on `@workflow/world-postgres` and answers the parent's driver calls over the IPC channel.
 */
import { createWorld } from '@workflow/world-postgres';
import { startNodeWorldDriver } from './node-world-driver.ts';
import type { DriverAnswer, DriverCall } from './postgres-protocol.ts';
import type { WorkflowDriver } from './workflow-driver.ts';

const { BENCH_POSTGRES_URL: url, BENCH_OUT_DIR: outDir, BENCH_APP_DIR: appDir } = process.env;
if (!url || !outDir || !appDir || !process.send) throw new Error('postgres-child: run by postgres-driver.ts only');
const send = process.send.bind(process);

const driver: WorkflowDriver = await startNodeWorldDriver({
  name: 'world-postgres',
  outDir,
  appDir,
  createWorld(baseUrl) {
    // world-postgres's queue delivers to WORKFLOW_LOCAL_BASE_URL when set (else it probes for a port).
    process.env.WORKFLOW_LOCAL_BASE_URL = baseUrl;
    return createWorld({ connectionString: url });
  },
});

process.on('message', (call: DriverCall) => {
  const method = driver[call.op] as (...args: unknown[]) => Promise<unknown>;
  method.apply(driver, call.args).then(
    (value) => send({ id: call.id, ok: true, value } satisfies DriverAnswer),
    (error: unknown) => send({ id: call.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies DriverAnswer),
  );
});
send({ id: 0, ok: true, value: 'ready' } satisfies DriverAnswer);
