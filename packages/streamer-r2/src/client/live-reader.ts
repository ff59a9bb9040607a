/**
 * The reader's side of `readFromStream`: decodes the stream object's frames into one `Uint8Array` per chunk
 * and survives a dropped connection (an evicted or restarted object, a cut RPC stream) by reconnecting from
 * the next index it owes its caller. Every frame carries its index, so a re-sent chunk is dropped and a
 * missing one is an error, never a silent gap.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { FRAME, FrameDecoder } from '../frames.js';
import { MAX_RECONNECTS_WITHOUT_PROGRESS } from '../limits.js';

export interface LiveReaderOptions {
  /** Opens a frame stream at `startIndex` (the stream object's `read`). */
  connect(startIndex: number): Promise<ReadableStream<Uint8Array>>;
  /** Loads a large chunk stored as its own R2 object. */
  fetchRef(key: string): Promise<Uint8Array>;
  startIndex: number;
}

const fromUtf8 = new TextDecoder();

const corrupt = (message: string) => new CloudflareWorldError('CORRUPT_ROW', `Stream read: ${message}`);

/** A connected live reader. `open` resolves once the first connection is made (so a negative index is resolved). */
export async function openLiveReader(options: LiveReaderOptions): Promise<ReadableStream<Uint8Array>> {
  let expected: number | null = null;
  let upstream: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let decoder = new FrameDecoder();
  let failures = 0;

  const connect = async (): Promise<ReadableStreamDefaultReader<Uint8Array>> => {
    decoder = new FrameDecoder();
    upstream = (await options.connect(expected ?? options.startIndex)).getReader();
    return upstream;
  };

  const drop = (reason: unknown): void => {
    const stale = upstream;
    upstream = null;
    // The connection already failed; cancelling it can only fail the same way, which changes nothing here.
    stale?.cancel(reason).catch((already: unknown) => already);
  };

  /** Counts a failed connection; rethrows once the budget of reconnects without progress is spent. */
  const recover = async (err: unknown): Promise<void> => {
    if (CloudflareWorldError.is(err) && (err.isUserError || err.code === 'CORRUPT_ROW')) throw err;
    drop(err);
    failures++;
    if (failures > MAX_RECONNECTS_WITHOUT_PROGRESS) throw err;
    if (failures > 1) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** (failures - 2))));
  };

  /** The next chunk owed to the caller, or `null` once the stream is closed and fully delivered. */
  const nextChunk = async (): Promise<Uint8Array | null> => {
    for (;;) {
      const frame = decoder.next();
      if (frame) {
        if (frame.type === FRAME.START) {
          if (expected !== null && frame.index !== expected) throw corrupt(`reconnected at ${frame.index}, expected ${expected}`);
          expected = frame.index;
          continue;
        }
        if (expected === null) throw corrupt('frame before START');
        if (frame.type === FRAME.END) {
          if (frame.index > expected) throw corrupt(`closed at ${frame.index} chunks, only ${expected} delivered`);
          return null;
        }
        if (frame.index < expected) continue; // re-sent after a reconnect: already delivered
        if (frame.index > expected) throw corrupt(`chunk ${frame.index} arrived, expected ${expected}`);
        const data = frame.type === FRAME.REF ? await options.fetchRef(fromUtf8.decode(frame.payload)) : frame.payload;
        expected++;
        failures = 0;
        return data;
      }
      try {
        const reader = upstream ?? (await connect());
        const { done, value } = await reader.read();
        if (done) throw new Error('stream object connection ended without an END frame');
        decoder.push(value);
      } catch (err) {
        await recover(err);
      }
    }
  };

  for (;;) {
    try {
      await connect();
      break;
    } catch (err) {
      await recover(err);
    }
  }

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const chunk = await nextChunk();
        if (chunk === null) {
          upstream = null;
          controller.close();
          return;
        }
        // Empty chunks keep their index but are not enqueued, as in the reference worlds (byte streams reject them).
        if (chunk.byteLength > 0) {
          controller.enqueue(chunk);
          return;
        }
      }
    },
    cancel(reason) {
      drop(reason);
    },
  });
}
