/**
 * The benchmark's workflows: built once for our Worker (`workflow-world-cloudflare build`) and once for
 * `@workflow/world-local` (the DevKit's own builder), from this same file.
 */
import { sleep } from 'workflow';

async function addOne(n: number): Promise<number> {
  'use step';
  return n + 1;
}

/** When the step body ran (ms since epoch, the host's clock). */
async function stamp(): Promise<number> {
  'use step';
  return Date.now();
}

/** `n` sequential steps, each feeding the next: returns `n`. */
export async function seq(n: number) {
  'use workflow';
  let value = 0;
  for (let i = 0; i < n; i++) value = await addOne(value);
  return value;
}

/** `n` steps at once (`Promise.all`): returns the sum of 1..n. */
export async function fanout(n: number) {
  'use workflow';
  const results = await Promise.all(Array.from({ length: n }, (_, i) => addOne(i)));
  return results.reduce((sum, x) => sum + x, 0);
}

/** `sleep('1s')`, then when the next step ran. */
export async function sleepy() {
  'use workflow';
  await sleep('1s');
  return await stamp();
}

/** One step: when it ran (time to first step). */
export async function ttfs() {
  'use workflow';
  return await stamp();
}
