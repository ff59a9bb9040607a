/**
 * Hook transitions. The token was claimed in D1 before the transaction (`claim` is the owner after it): a
 * token held by another hook turns `hook_created` into a stored `hook_conflict`. Disposal releases the
 * token through the outbox.
 */
import { HookNotFoundError } from '@workflow/errors';
import type { Hook } from '@workflow/world';
import type { TokenOwner } from '@workflow-world-cloudflare/storage-d1';
import { encodeValue } from '@workflow-world-cloudflare/core';
import { deleteHook, insertHook, readHook } from '../hooks.js';
import { assertNewHook } from '../run-guards.js';
import { narrow, recordEvent, type Transition, type TransitionResult } from './context.js';

/** `hook_created`: the hook, or a `hook_conflict` event when `claim` names another owner. */
export function createHook(t: Transition, claim: TokenOwner): TransitionResult {
  const { data } = narrow<'hook_created'>(t);
  assertNewHook(t.h, data.correlationId);
  const { token } = data.eventData;
  t.ops.push({ op: 'putCorrelation', correlationId: data.correlationId, runId: t.runId });
  if (claim.runId !== t.runId || claim.hookId !== data.correlationId) {
    const event = recordEvent(t, {
      eventType: 'hook_conflict',
      correlationId: data.correlationId,
      eventData: { token, conflictingRunId: claim.runId },
    });
    return { event, refsStored: false };
  }
  const event = recordEvent(t);
  const hook: Hook = {
    runId: t.runId,
    hookId: data.correlationId,
    token,
    ...t.call.hookStamp,
    metadata: data.eventData.metadata,
    createdAt: event.createdAt,
    specVersion: t.specVersion,
    // Absent means a legacy hook, which the World contract treats as a webhook: never store it as `false`.
    ...(data.eventData.isWebhook === undefined ? {} : { isWebhook: data.eventData.isWebhook }),
  };
  insertHook(t.h, hook);
  t.ops.push({
    op: 'upsertHook',
    hook: { hookId: hook.hookId, runId: t.runId, token, createdAt: hook.createdAt.getTime(), data: encodeValue(hook) },
  });
  return { event, hook };
}

/** `hook_received`: recorded against a live hook; the entity does not change. */
export function receiveHook(t: Transition): TransitionResult {
  const { data } = narrow<'hook_received'>(t);
  const hook = readHook(t.h, data.correlationId);
  if (!hook) throw new HookNotFoundError(data.correlationId);
  return { event: recordEvent(t) };
}

/** `hook_disposed`: deletes the hook and releases its token. */
export function disposeHook(t: Transition): TransitionResult {
  const { data } = narrow<'hook_disposed'>(t);
  const hook = readHook(t.h, data.correlationId);
  if (!hook) throw new HookNotFoundError(data.correlationId);
  const event = recordEvent(t);
  deleteHook(t.h, hook.hookId);
  t.ops.push(
    { op: 'deleteHook', hookId: hook.hookId },
    { op: 'releaseToken', token: hook.token, runId: t.runId, hookId: hook.hookId },
  );
  return { event };
}
