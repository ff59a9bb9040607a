/** The run at once (run, steps, hooks, a page of its events), as the HTTP `GET /state` route returns it. */
import { type PageRequest, toPage } from '@workflow-world-cloudflare/core';
import type { Event, Hook, Step, WorkflowRun } from '@workflow/world';
import { eventPosition } from '../../protocol.js';
import { listEvents } from './events.js';
import { listHooks } from './hooks.js';
import { withControlState } from './pause-flag.js';
import { readRun } from './runs.js';
import type { RunSql } from './sql.js';
import { listSteps } from './steps.js';

export interface RunState {
  /** As `runs.get` shows it (pause flag included). */
  run: WorkflowRun;
  /** Oldest first. */
  steps: Step[];
  /** Live hooks, oldest first. */
  hooks: Hook[];
  /** One page of the event log in commit order (`page` of {@link readRunState}). */
  events: Event[];
  /** Pass back as `cursor` for the next page of events; `null` when there were none. */
  cursor: string | null;
  /** More events follow this page. */
  hasMore: boolean;
}

/**
 * Every step and live hook, oldest first: the object's SQLite is local, so one read per table. The limit only
 * has to be above any real run (steps and hooks are bounded by the run's event log, itself capped).
 */
const EVERYTHING: PageRequest = { limit: 1_000_000, sortOrder: 'asc', after: null };

/**
 * The run's state with one page of its events (`page`, oldest first, cursors as `events.list` gives them), or
 * `null` when the object holds no run. Payloads stay as stored (bytes or refs).
 */
export function readRunState(h: RunSql, page: PageRequest): RunState | null {
  const stored = readRun(h);
  if (!stored) return null;
  const events = toPage(listEvents(h, page), page.limit, eventPosition);
  return {
    run: withControlState(h, stored.run),
    steps: listSteps(h, EVERYTHING),
    hooks: listHooks(h, EVERYTHING),
    events: events.data,
    cursor: events.cursor,
    hasMore: events.hasMore,
  };
}
