/** The HTTP status of every error class the routes can meet, including those no route can trigger today. */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
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
import { describe, expect, it } from 'vitest';
import { httpErrorBody, httpStatusOf } from '../src/object/http/errors.js';

describe('route error statuses', () => {
  it.each([
    [new WorkflowRunNotFoundError('r'), 404],
    [new HookNotFoundError('t'), 404],
    [new EntityConflictError('c'), 409],
    [new RunExpiredError('e'), 410],
    [new PreconditionFailedError('p'), 412],
    [new TooEarlyError('t', { retryAfter: 3 }), 425],
    [new RunNotSupportedError(9, 3), 400],
    [new WorkflowWorldError('bad id', { status: 400 }), 400],
    [new WorkflowWorldError('Step "s" not found', { status: 404 }), 404],
    [new WorkflowWorldError('no status'), 500],
    [new CloudflareWorldError('INVALID_ARGUMENT', 'x'), 400],
    [new CloudflareWorldError('INVALID_EVENT', 'x'), 400],
    [new CloudflareWorldError('PAYLOAD_TOO_LARGE', 'x'), 413],
    [new CloudflareWorldError('INDEX_UNAVAILABLE', 'x'), 503],
    [new TypeError('bug'), 500],
    ['not an error', 500],
  ] as const)('%s → %i', (err, status) => {
    expect(httpStatusOf(err)).toBe(status);
  });

  it('bodies carry name and message (and our code)', () => {
    expect(httpErrorBody(new EntityConflictError('taken'))).toEqual({ error: { name: 'EntityConflictError', message: 'taken' } });
    expect(httpErrorBody(new CloudflareWorldError('PAYLOAD_TOO_LARGE', 'big'))).toEqual({
      error: { name: 'CloudflareWorldError', message: 'big', code: 'PAYLOAD_TOO_LARGE' },
    });
  });
});
