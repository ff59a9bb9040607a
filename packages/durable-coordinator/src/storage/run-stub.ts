/**
 * Addressing a run's object and unwrapping its data-form results into the exact `@workflow/errors` classes.
 * Code executing inside that same object (the run's own replay) gets the object's in-process port instead
 * of an RPC stub: same operations, no round trip.
 */
import { localPort } from '../execution/local-run.js';
import type { RunPort } from '../run-port.js';
import type { RpcResult } from '../rpc.js';
import { fromRpcError } from '../rpc-errors.js';
import type { WorkflowRunObject } from '../workflow-run-object.js';

export function runStub(opts: { runs: DurableObjectNamespace<WorkflowRunObject> }, runId: string): RunPort {
  return localPort(runId) ?? (opts.runs.get(opts.runs.idFromName(runId)) as unknown as RunPort);
}

/** The value of an `ok` result; otherwise throws the error class the result names. */
export function unwrap<T>(result: RpcResult<T>): T {
  if (result.ok) return result.value;
  throw fromRpcError(result.error);
}
