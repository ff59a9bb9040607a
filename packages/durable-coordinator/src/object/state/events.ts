/**
 * The run's append-only event log. Events are stored encoded (`encodeValue`) with payloads as refs, in
 * commit order (`seq`). Ids are `evnt_<ulid>`, strictly increasing within the run, and `createdAt` never
 * goes backwards, so ordering by `(createdAt, eventId)` (what the cursors encode) equals commit order.
 */
import type { PageRequest } from '@workflow-world-cloudflare/core';
import { decodeValue, encodeValue, newEventId, timeOfId } from '@workflow-world-cloudflare/core';
import type { Event } from '@workflow/world';
import { cacheOf } from './run-cache.js';
import { all, first, prepared, type RunSql, write } from './sql.js';

const selectLast = prepared((db) => db.selectFrom('wf_events').select(['event_id', 'created_at']).orderBy('seq', 'desc').limit(1));
const insertEvent = prepared((db, eventId: string, type: string, correlationId: string | null, createdAt: number, data: string) =>
  db.insertInto('wf_events').values({ event_id: eventId, event_type: type, correlation_id: correlationId, created_at: createdAt, data }),
);
const selectEvent = prepared((db, eventId: string) => db.selectFrom('wf_events').select('data').where('event_id', '=', eventId));

/** Id and time for the next event: after every stored one even if the clock stepped back. */
export function mintEventId(h: RunSql, now: number): { eventId: string; createdAt: Date } {
  const cache = cacheOf(h);
  if (cache.lastEvent === undefined) {
    const row = first(h, selectLast());
    cache.lastEvent = row ? { eventId: row.event_id, createdAt: row.created_at } : null;
  }
  const last = cache.lastEvent ? { event_id: cache.lastEvent.eventId, created_at: cache.lastEvent.createdAt } : null;
  let t = Math.max(now, last?.created_at ?? 0);
  let eventId: string = newEventId(t);
  // A fresh isolate's ULID factory does not know the last id of this run; step past it explicitly.
  while (last && eventId <= last.event_id) {
    t = Math.max(t + 1, (timeOfId(last.event_id, 'evnt_') ?? t) + 1);
    eventId = newEventId(t);
  }
  return { eventId, createdAt: new Date(t) };
}

/** Appends `event`. */
export function appendEvent(h: RunSql, event: Event): void {
  write(h, insertEvent(event.eventId, event.eventType, event.correlationId ?? null, event.createdAt.getTime(), encodeValue(event)));
  cacheOf(h).lastEvent = { eventId: event.eventId, createdAt: event.createdAt.getTime() };
}

export function getEvent(h: RunSql, eventId: string): Event | null {
  const row = first(h, selectEvent(eventId));
  return row ? (decodeValue(row.data) as Event) : null;
}

/** The first event of `eventType` (for `correlationId` when given), if any. */
export function findEvent(h: RunSql, eventType: Event['eventType'], correlationId?: string): Event | null {
  let q = h.db.selectFrom('wf_events').select('data').where('event_type', '=', eventType);
  if (correlationId !== undefined) q = q.where('correlation_id', '=', correlationId);
  const row = first(h, q.orderBy('seq', 'asc').limit(1));
  return row ? (decodeValue(row.data) as Event) : null;
}

/** Up to `page.limit + 1` events after the cursor, optionally only those of one correlation id. */
export function listEvents(h: RunSql, page: PageRequest, correlationId?: string): Event[] {
  const op = page.sortOrder === 'asc' ? '>' : '<';
  let q = h.db.selectFrom('wf_events').select('data');
  if (correlationId !== undefined) q = q.where('correlation_id', '=', correlationId);
  const after = page.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([eb('created_at', op, after.t), eb.and([eb('created_at', '=', after.t), eb('event_id', op, after.id)])]),
    );
  }
  const rows = all(
    h,
    q.orderBy('created_at', page.sortOrder).orderBy('event_id', page.sortOrder).limit(page.limit + 1),
  );
  return rows.map((r) => decodeValue(r.data) as Event);
}
