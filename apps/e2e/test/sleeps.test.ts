import { describe, expect, it } from 'vitest';
import { isTerminal } from '../src/client.js';
import { client, ms } from './setup.js';

describe('sleep()', () => {
  it('napThenGreet: a 5 s sleep resumes when its timer fires, not before', async () => {
    const runId = await client.start('napThenGreet', ['ann']);
    const run = await client.waitFor(runId, isTerminal, 30_000);
    expect(run.output).toMatchObject({ greeting: 'good morning, ann' });
    const events = await client.events(runId);
    const created = events.find((e) => e.eventType === 'wait_created')!;
    const completed = events.find((e) => e.eventType === 'wait_completed')!;
    const resumeAt = ms(created.eventData?.resumeAt as string);
    // resumeAt = the workflow's clock + 5 s; the event is stored a little after that clock (load dependent).
    expect(resumeAt - ms(created.createdAt)).toBeGreaterThanOrEqual(4_000);
    expect(resumeAt - ms(created.createdAt)).toBeLessThanOrEqual(5_000);
    expect(ms(completed.createdAt)).toBeGreaterThanOrEqual(resumeAt);
  });

  it('longNap: a 3-day sleep is scheduled for the right instant and resumes when the timer is fired early', async () => {
    const runId = await client.start('longNap', ['bob']);
    const events = await pollEvents(runId, 'wait_created');
    const created = events.find((e) => e.eventType === 'wait_created')!;
    const threeDays = 3 * 24 * 3600 * 1000;
    expect(ms(created.eventData?.resumeAt as string) - ms(created.createdAt)).toBeGreaterThanOrEqual(threeDays - 1000);
    expect(ms(created.eventData?.resumeAt as string) - ms(created.createdAt)).toBeLessThanOrEqual(threeDays + 1000);
    expect((await client.run(runId)).status).toBe('running');

    expect((await client.wake(runId)).woken).toBe(1);
    const run = await client.waitFor(runId, isTerminal);
    expect(run.output).toEqual({ greeting: 'good morning, bob' });
  });
});

async function pollEvents(runId: string, type: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const events = await client.events(runId);
    if (events.some((e) => e.eventType === type)) return events;
    if (Date.now() > deadline) throw new Error(`no ${type} event for ${runId}: ${JSON.stringify(events)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
