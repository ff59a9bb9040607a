/// <reference types="@cloudflare/vitest-plugin/types" />
import { env } from 'cloudflare:test';
import type { Streamer } from '@workflow/world';
import { createR2Streamer } from '../src/index.js';

let counter = 0;

/** A streamer over the test bindings. */
export const makeStreamer = (): Streamer => createR2Streamer({ streams: env.WORKFLOW_STREAM, bucket: env.BUCKET });

/** A stream name and run id unique to the calling test. */
export function fresh(label: string): { name: string; runId: string } {
  counter++;
  return { name: `strm_${label}_${counter}_user`, runId: `wrun_${label}_${counter}` };
}

export const stubOf = (name: string) => env.WORKFLOW_STREAM.get(env.WORKFLOW_STREAM.idFromName(name));

const utf8 = new TextDecoder();

/** Reads `count` chunks (or until the stream ends, when `count` is omitted) from `reader`. */
export async function take(reader: ReadableStreamDefaultReader<Uint8Array>, count?: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  while (count === undefined || out.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    out.push(value);
  }
  return out;
}

export const text = (chunks: Uint8Array[]): string[] => chunks.map((c) => utf8.decode(c));

/** Asserts the promise rejects and returns the error. */
export async function rejection(p: Promise<unknown>): Promise<{ name?: string; code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { name?: string; code?: string; message: string };
  }
  throw new Error('expected a rejection');
}
