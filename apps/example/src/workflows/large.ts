/** Payloads above the 10 KB threshold: the run input and a step result go to R2, transparently. */
import { getWritable } from 'workflow';

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

async function writeChunk(writable: WritableStream<string>, size: number): Promise<number> {
  'use step';
  const writer = writable.getWriter();
  await writer.write('c'.repeat(size)); // one chunk: over MAX_PAYLOAD_BYTES it fails the step for good
  await writer.close();
  return size;
}

/** Streams one chunk of `size` characters. */
export async function bigChunk(size: number) {
  'use workflow';
  return { written: await writeChunk(getWritable<string>(), size) };
}
