/**
 * Moves an event's large payload fields to R2 before the event reaches its run object, and refuses what
 * would not fit a row. The object only ever sees refs for large payloads.
 */
import type { PayloadOffloader } from '@workflow-world-cloudflare/blob-r2';
import { CloudflareWorldError, isBlobRef, MAX_INLINE_THRESHOLD, payloadByteLength } from '@workflow-world-cloudflare/core';
import { type AnyEventRequest, EVENT_DATA_REF_FIELDS, type StructuredError } from '@workflow/world';
import type { InHand } from './client/storage/hydrate.js';

export interface OffloadedEvent {
  event: AnyEventRequest;
  /** Blob keys written; deleted again when the object refuses the event or does not keep them. */
  keys: string[];
  inHand: InHand;
}

/** The payload fields of `eventData` for `eventType`: the DevKit's ref fields, plus the resilient-start input. */
export function payloadFields(eventType: string): readonly string[] {
  return eventType === 'run_started' ? ['input'] : (EVENT_DATA_REF_FIELDS[eventType] ?? []);
}

/**
 * @throws CloudflareWorldError `PAYLOAD_TOO_LARGE` when a payload exceeds `maxPayloadBytes` (from the
 * offloader, nothing written) or when what stays inline would not fit a row (blobs deleted again).
 */
export async function offloadEvent(
  offloader: PayloadOffloader,
  runId: string,
  event: AnyEventRequest,
  structuredError: StructuredError | undefined,
): Promise<OffloadedEvent> {
  const data = 'eventData' in event ? (event.eventData as Record<string, unknown> | undefined) : undefined;
  const fields = payloadFields(event.eventType).filter((f) => data?.[f] !== undefined);
  if (!data || fields.length === 0) {
    assertFitsInline(event, structuredError);
    return { event, keys: [], inHand: new Map() };
  }
  const { value, keys } = await offloader.offload(runId, data, fields);
  const offloaded = { ...event, eventData: value } as AnyEventRequest;
  try {
    assertFitsInline(offloaded, structuredError);
  } catch (err) {
    await offloader.delete(keys);
    throw err;
  }
  const inHand = new Map<string, unknown>();
  for (const f of fields) {
    const ref = value[f];
    if (isBlobRef(ref)) inHand.set(ref.$blob, data[f]);
  }
  return { event: offloaded, keys, inHand };
}

function assertFitsInline(event: AnyEventRequest, structuredError: StructuredError | undefined): void {
  const size = payloadByteLength({ event, structuredError });
  if (size > MAX_INLINE_THRESHOLD) {
    throw new CloudflareWorldError(
      'PAYLOAD_TOO_LARGE',
      `${event.eventType}: ${size} bytes stay inline after offloading payloads (limit ${MAX_INLINE_THRESHOLD}); ids, names, errors and executionContext must be small`,
      { details: { size, limit: MAX_INLINE_THRESHOLD } },
    );
  }
}
