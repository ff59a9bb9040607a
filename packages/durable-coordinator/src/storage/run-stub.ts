/** Addressing a run's object and unwrapping its data-form results into the exact `@workflow/errors` classes. */
import type { RpcResult } from '../rpc.js';
import { fromRpcError } from '../rpc-errors.js';
import type { DurableStorageOptions } from './options.js';

export function runStub(opts: DurableStorageOptions, runId: string) {
  return opts.runs.get(opts.runs.idFromName(runId));
}

/** The value of an `ok` result; otherwise throws the error class the result names. */
export function unwrap<T>(result: RpcResult<T>): T {
  if (result.ok) return result.value;
  throw fromRpcError(result.error);
}
