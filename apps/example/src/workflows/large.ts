/** Payloads above the 10 KB threshold: the run input and a step result go to R2, transparently. */

async function expand(input: string, size: number): Promise<string> {
  'use step';
  return `${input.slice(0, 8)}:`.padEnd(size, 'z');
}

/** Takes a large input and returns a large step result. */
export async function bigData(input: string, resultSize = 50_000) {
  'use workflow';
  const result = await expand(input, resultSize);
  return { inputLength: input.length, resultLength: result.length, head: result.slice(0, 9) };
}
