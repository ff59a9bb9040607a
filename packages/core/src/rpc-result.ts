/**
 * The one envelope of Durable Object RPC results. A thrown error loses its class and extra fields across RPC,
 * so an object returns the failures it means as data (`{ ok: false, error }`) and the caller rethrows the exact
 * class: the DevKit's `@workflow/errors` classes (matched by name, as the runtime does) and our
 * `CloudflareWorldError` with its code. Anything else is a bug or a platform failure and is rethrown as is.
 */
import {
  EntityConflictError,
  HookNotFoundError,
  PreconditionFailedError,
  RunExpiredError,
  RunNotSupportedError,
  TooEarlyError,
  WorkflowRunNotFoundError,
  WorkflowWorldError,
} from '@workflow/errors';
import { CloudflareWorldError, type CloudflareWorldErrorCode } from './errors.js';

/** A failure, as data. `name` is the `@workflow/errors` class name or `CloudflareWorldError`. */
export interface RpcError {
  name: string;
  message: string;
  status?: number;
  code?: string;
  retryAfter?: number;
  runId?: string;
  token?: string;
  runSpecVersion?: number;
  worldSpecVersion?: number;
  details?: Record<string, unknown>;
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };

const CARRIED = new Set([
  'EntityConflictError',
  'HookNotFoundError',
  'PreconditionFailedError',
  'RunExpiredError',
  'RunNotSupportedError',
  'TooEarlyError',
  'WorkflowRunNotFoundError',
  'WorkflowWorldError',
  'CloudflareWorldError',
]);

/** The data form of an expected failure, or `null` when `err` is not one (the caller rethrows it). */
export function toRpcError(err: unknown): RpcError | null {
  if (!(err instanceof Error) || !CARRIED.has(err.name)) return null;
  const e = err as Error & Partial<Record<keyof RpcError, unknown>>;
  const out: RpcError = { name: err.name, message: err.message };
  for (const key of ['status', 'retryAfter', 'runSpecVersion', 'worldSpecVersion'] as const) {
    if (typeof e[key] === 'number') out[key] = e[key];
  }
  for (const key of ['code', 'runId', 'token'] as const) {
    if (typeof e[key] === 'string') out[key] = e[key];
  }
  if (CloudflareWorldError.is(err) && err.details) out.details = err.details;
  return out;
}

/** Rebuilds the exact error class from its data form (matched by name, as the runtime does). */
export function fromRpcError(e: RpcError): Error {
  switch (e.name) {
    case 'EntityConflictError':
      return new EntityConflictError(e.message);
    case 'HookNotFoundError':
      return new HookNotFoundError(e.token ?? '');
    case 'PreconditionFailedError':
      return new PreconditionFailedError(e.message, e.retryAfter === undefined ? undefined : { retryAfter: e.retryAfter });
    case 'RunExpiredError':
      return new RunExpiredError(e.message);
    case 'RunNotSupportedError':
      return new RunNotSupportedError(e.runSpecVersion ?? 0, e.worldSpecVersion ?? 0);
    case 'TooEarlyError':
      return new TooEarlyError(e.message, e.retryAfter === undefined ? undefined : { retryAfter: e.retryAfter });
    case 'WorkflowRunNotFoundError':
      return new WorkflowRunNotFoundError(e.runId ?? '');
    case 'WorkflowWorldError':
      return new WorkflowWorldError(e.message, { status: e.status, code: e.code });
    case 'CloudflareWorldError':
      // Every CloudflareWorldError has a code; one without says nothing of corruption, so none is invented.
      if (e.code !== undefined) return new CloudflareWorldError(e.code as CloudflareWorldErrorCode, e.message, { details: e.details });
      return Object.assign(new Error(e.message), { name: 'CloudflareWorldError' });
    default: {
      const err = new Error(e.message);
      err.name = e.name;
      return err;
    }
  }
}

/** Runs `fn` in an object: its value, or the failure it meant as data; anything else propagates (platform errors). */
export async function toRpcResult<T>(fn: () => T | Promise<T>): Promise<RpcResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    const error = toRpcError(err);
    if (!error) throw err;
    return { ok: false, error };
  }
}

/** The caller's side: the value of `result`, or its failure rethrown as the exact class. */
export function unwrapRpc<T>(result: RpcResult<T>): T {
  if (result.ok) return result.value;
  throw fromRpcError(result.error);
}
