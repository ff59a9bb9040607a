/** The whole run at once (run, steps, hooks, events), as the HTTP `GET /state` route returns it. */
import type { PageRequest } from '@workflow-world-cloudflare/core';
import type { Event, Hook, Step, WorkflowRun } from '@workflow/world';
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
  /** The event log in commit order. */
  events: Event[];
}

/**
 * Everything, oldest first: the object's SQLite is local, so one read per table. The limit only has to be
 * above any real run (the DevKit runtime caps a run's event log far below it).
 */
const EVERYTHING: PageRequest = { limit: 1_000_000, sortOrder: 'asc', after: null };

/** The run's full state, or `null` when the object holds no run. Payloads stay as stored (bytes or refs). */
export function readRunState(h: RunSql): RunState | null {
  const stored = readRun(h);
  if (!stored) return null;
  return {
    run: withControlState(h, stored.run),
    steps: listSteps(h, EVERYTHING),
    hooks: listHooks(h, EVERYTHING),
    events: listEvents(h, EVERYTHING),
  };
}
