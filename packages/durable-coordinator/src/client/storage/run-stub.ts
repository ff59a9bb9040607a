/**
 * Addressing a run's object and unwrapping its data-form results into the exact `@workflow/errors` classes.
 * Code executing inside that same object (the run's own replay) gets the object's in-process port instead
 * of an RPC stub: same operations, no round trip.
 */
import { localPort } from '../../local-run.js';
import type { RunPort } from '../../run-port.js';
import type { WorkflowRunObject } from '../../object/workflow-run-object.js';

/** The value of an `ok` result; otherwise throws the error class the result names (core's `unwrapRpc`). */
export { unwrapRpc as unwrap } from '@workflow-world-cloudflare/core';

export function runStub(opts: { runs: DurableObjectNamespace<WorkflowRunObject> }, runId: string): RunPort {
  return localPort(runId) ?? (opts.runs.get(opts.runs.idFromName(runId)) as unknown as RunPort);
}
