/**
 * The envelope of stream-object RPC results. A thrown error loses its class and extra fields across RPC, so
 * the object returns our own failures as data and the caller rethrows the real `CloudflareWorldError`.
 */
import { CloudflareWorldError, type CloudflareWorldErrorCode } from '@workflow-world-cloudflare/core';

export type RpcResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: CloudflareWorldErrorCode; message: string; details: Record<string, unknown> | undefined } };

/** Runs `fn`, turning a `CloudflareWorldError` into `{ ok: false }`; anything else propagates (platform errors). */
export async function toRpcResult<T>(fn: () => T | Promise<T>): Promise<RpcResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (CloudflareWorldError.is(err)) return { ok: false, error: { code: err.code, message: err.message, details: err.details } };
    throw err;
  }
}

/** The value of `result`, or its error rethrown as a `CloudflareWorldError`. */
export function unwrap<T>(result: RpcResult<T>): T {
  if (result.ok) return result.value;
  const { code, message, details } = result.error;
  throw new CloudflareWorldError(code, message, details === undefined ? undefined : { details });
}
