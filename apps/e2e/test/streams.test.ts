import { describe, expect, it } from 'vitest';
import { isTerminal } from '../src/client.js';
import { client } from './setup.js';

async function readLines(res: Response, onLine?: (line: string) => void): Promise<string[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const lines: string[] = [];
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      lines.push(line);
      onLine?.(line);
    }
  }
  return lines;
}

describe('streams', () => {
  it('progress: getWritable() chunks reach a live reader in order, while the run is still going', async () => {
    const runId = await client.start('progress', [10, 150]);
    const res = await client.readable(runId);
    expect(res.status).toBe(200);
    const statusWhenFirstSeen: string[] = [];
    let first = true;
    const lines = await readLines(res, () => {
      if (!first) return;
      first = false;
      void client.run(runId).then((r) => statusWhenFirstSeen.push(r.status));
    });
    expect(lines.map((l) => JSON.parse(l))).toEqual(Array.from({ length: 10 }, (_, i) => ({ step: i + 1, of: 10 })));
    const run = await client.waitFor(runId, isTerminal);
    expect(run.output).toEqual({ done: 10 });
    expect(statusWhenFirstSeen[0]).toBe('running'); // read live, not after the fact
  });

  it('a reader that connects after completion still gets the whole stream', async () => {
    const runId = await client.start('progress', [3, 0]);
    await client.waitFor(runId, isTerminal);
    const lines = await readLines(await client.readable(runId));
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { step: 1, of: 3 },
      { step: 2, of: 3 },
      { step: 3, of: 3 },
    ]);
  });
});
