/**
 * Reading a run's step, wait and event times through any World's storage: the same code for world-local (Node) and
 * for our Worker (workerd), so both report the same figures the same way.
 */
import type { Storage } from '@workflow/world';
import type { EventTime, StepTimes } from './workflow-driver.ts';

/** Every step of the run (`createdAt` / `completedAt` in ms), oldest first, all pages. */
export async function listStepTimes(steps: Storage['steps'], runId: string): Promise<StepTimes[]> {
  const out: StepTimes[] = [];
  let cursor: string | undefined;
  do {
    const page = await steps.list({ runId, resolveData: 'none', pagination: { limit: 1000, sortOrder: 'asc', cursor } });
    for (const s of page.data) out.push({ createdAt: s.createdAt.getTime(), completedAt: s.completedAt?.getTime() ?? null });
    cursor = page.hasMore ? (page.cursor ?? undefined) : undefined;
  } while (cursor);
  return out;
}

/** `resumeAt` (ms) of each `wait_created` of the run. */
export async function listWaitResumes(events: Storage['events'], runId: string): Promise<number[]> {
  const page = await events.list({ runId, resolveData: 'none', pagination: { limit: 1000, sortOrder: 'asc' } });
  return page.data.flatMap((e) => (e.eventType === 'wait_created' ? [new Date(e.eventData.resumeAt).getTime()] : []));
}

/** Each event of the run (type and `createdAt` in ms), oldest first: the first 1,000. */
export async function listEventTimes(events: Storage['events'], runId: string): Promise<EventTime[]> {
  const page = await events.list({ runId, resolveData: 'none', pagination: { limit: 1000, sortOrder: 'asc' } });
  return page.data.map((e) => ({ eventType: e.eventType, createdAt: e.createdAt.getTime() }));
}
