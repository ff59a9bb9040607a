/// <reference types="@cloudflare/vitest-plugin/types" />
import { env } from 'cloudflare:test';
import type { Streamer } from '@workflow/world';
import { createR2Streamer } from '../src/index.js';

/** A streamer over the test bindings. */
export const makeStreamer = (): Streamer => createR2Streamer({ streams: env.WORKFLOW_STREAM, bucket: env.BUCKET });

export const stubOf = (name: string) => env.WORKFLOW_STREAM.get(env.WORKFLOW_STREAM.idFromName(name));

/** `fresh(label)`: a stream name and run id unique to the calling test; `take` / `text`: read chunks back. */
export { freshStream as fresh, take, text } from '@workflow-world-cloudflare/core/testing';

/** Asserts the promise rejects and returns the error. */
export async function rejection(p: Promise<unknown>): Promise<{ name?: string; code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { name?: string; code?: string; message: string };
  }
  throw new Error('expected a rejection');
}
