/** `getWritable()`: a step streams progress that clients read live with `run.getReadable()`. */
import { getWritable } from 'workflow';

async function work(writable: WritableStream<{ step: number; of: number }>, steps: number, delayMs: number): Promise<number> {
  'use step';
  const writer = writable.getWriter();
  for (let step = 1; step <= steps; step++) {
    await writer.write({ step, of: steps });
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  await writer.close(); // ends readers: the stream is done
  return steps;
}

/** Writes `steps` progress records, then closes the stream. */
export async function progress(steps: number, delayMs = 50) {
  'use workflow';
  const writable = getWritable<{ step: number; of: number }>();
  const done = await work(writable, steps, delayMs);
  return { done };
}
