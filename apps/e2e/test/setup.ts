/** Per-test-file helpers: the client for the shared dev server, and its log printed when a test fails. */
import { readFileSync } from 'node:fs';
import { afterEach, inject } from 'vitest';
import { createClient } from '../src/client.js';

export const client = createClient(inject('baseUrl'), inject('apiToken'));
export const baseUrl = inject('baseUrl');

afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  let log = '';
  try {
    log = readFileSync(inject('serverLog'), 'utf8');
  } catch (error) {
    log = `(no server log: ${(error as Error).message})`;
  }
  const tail = log.split('\n').slice(-150).join('\n');
  console.error(`\n----- wrangler dev log (last 150 lines) for "${context.task.name}" -----\n${tail}\n----- end of log -----`);
});

export const ms = (iso: string | undefined): number => (iso ? Date.parse(iso) : Number.NaN);
