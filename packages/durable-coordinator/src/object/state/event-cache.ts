/**
 * The run's event log, kept in memory by its object: rows are read from SQLite once, parsed with the DevKit's
 * `EventSchema` once, frozen, and served from here afterwards. Events are immutable and only this object
 * appends them, so the cache only ever reads rows it does not have yet (`seq` above the last one seen).
 * A replay of a run with N events therefore reads the new events only, not N rows over RPC.
 *
 * Memory is bounded: once the cached rows pass {@link MAX_CACHED_BYTES} the cache drops itself for the life
 * of this instance and every page is read from SQLite again, as before (a run that large is rare; payloads
 * above the offload threshold are refs and do not count).
 */
import { decodeValue, isBlobRef, type PageRequest } from '@workflow-world-cloudflare/core';
import { type Event, EventSchema } from '@workflow/world';
import { keepCancelReason } from '../../cancel-reason.js';
import { markTrusted } from '../../trusted-events.js';
import { listEvents } from './events.js';
import { cacheOf } from './run-cache.js';
import { all, prepared, type RunSql } from './sql.js';

const selectNewer = prepared((db, afterSeq: number) =>
  db.selectFrom('wf_events').select(['seq', 'data']).where('seq', '>', afterSeq).orderBy('seq', 'asc'),
);

export const MAX_CACHED_BYTES = 16 * 1024 * 1024;

export interface EventCache {
  /** Up to `page.limit + 1` events after the cursor (as `listEvents`), optionally of one correlation id. */
  page(page: PageRequest, correlationId?: string): Event[];
  /** The whole log, oldest first (a fresh array). */
  all(): Event[];
  /** Rows read from SQLite so far (tests count them). */
  readonly rowsRead: number;
  /** Forgets every cached event (the run's rows were deleted: it expired). */
  reset(): void;
}

export function createEventCache(h: RunSql): EventCache {
  let events: Event[] = [];
  let lastSeq = 0;
  let bytes = 0;
  let enabled = true;
  let rowsRead = 0;

  let lastEventId: string | undefined;

  function sync(): void {
    // The run cache knows the newest event the object wrote: nothing newer than what is cached, no query.
    const newest = cacheOf(h).lastEvent;
    if (newest !== undefined && newest?.eventId === lastEventId) return;
    const rows = all(h, selectNewer(lastSeq));
    rowsRead += rows.length;
    for (const row of rows) {
      lastSeq = row.seq;
      bytes += row.data.length;
      const stored = decodeValue(row.data);
      const event = trusted(keepCancelReason(EventSchema.parse(stored) as Event, stored));
      events.push(event);
      lastEventId = event.eventId;
    }
    if (bytes > MAX_CACHED_BYTES) {
      enabled = false;
      events = [];
    }
  }

  return {
    page(page, correlationId) {
      if (enabled) sync();
      if (!enabled) {
        const rows = listEvents(h, page, correlationId);
        rowsRead += rows.length;
        return rows;
      }
      return pageOf(events, page, correlationId);
    },
    all() {
      if (enabled) sync();
      if (!enabled) {
        const rows = listEvents(h, { limit: Number.MAX_SAFE_INTEGER - 1, sortOrder: 'asc', after: null });
        rowsRead += rows.length;
        return rows;
      }
      return events.slice();
    },
    reset() {
      events = [];
      lastSeq = 0;
      bytes = 0;
      lastEventId = undefined;
      enabled = true;
    },
    get rowsRead() {
      return rowsRead;
    },
  };
}

/** Freezes the event (and its `eventData`) and marks it as parsed, noting whether it holds blob refs. */
function trusted(event: Event): Event {
  const data = (event as { eventData?: unknown }).eventData;
  if (data !== null && typeof data === 'object' && !(data instanceof Uint8Array)) Object.freeze(data);
  markTrusted(Object.freeze(event), holdsRef(data));
  return event;
}

function holdsRef(value: unknown): boolean {
  if (isBlobRef(value)) return true;
  if (Array.isArray(value)) return value.some(holdsRef);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof Date)) {
    return Object.values(value).some(holdsRef);
  }
  return false;
}

const compare = (e: Event, t: number, id: string): number => e.createdAt.getTime() - t || (e.eventId < id ? -1 : e.eventId > id ? 1 : 0);

/** The page `listEvents` would return, from the in-memory log (commit order = `(createdAt, eventId)` order). */
function pageOf(events: readonly Event[], page: PageRequest, correlationId: string | undefined): Event[] {
  const asc = page.sortOrder === 'asc';
  const after = page.after;
  // First index past the cursor in commit order (binary search), for either direction.
  let lo = 0;
  let hi = events.length;
  if (after) {
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(events[mid] as Event, after.t, after.id) <= 0) lo = mid + 1;
      else hi = mid;
    }
  }
  const want = page.limit + 1;
  const out: Event[] = [];
  if (asc) {
    for (let i = after ? lo : 0; i < events.length && out.length < want; i++) {
      const e = events[i] as Event;
      if (correlationId === undefined || e.correlationId === correlationId) out.push(e);
    }
  } else {
    // Descending: everything strictly before the cursor, newest first.
    let start = events.length - 1;
    if (after) {
      start = lo - 1;
      while (start >= 0 && compare(events[start] as Event, after.t, after.id) >= 0) start--;
    }
    for (let i = start; i >= 0 && out.length < want; i--) {
      const e = events[i] as Event;
      if (correlationId === undefined || e.correlationId === correlationId) out.push(e);
    }
  }
  return out;
}
