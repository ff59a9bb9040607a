/**
 * The stream object's side of `readFromStream`: a pull-driven `ReadableStream` of frames. It replays stored
 * chunks from the start index, then waits on the object's change signal (no polling) for new chunks, and
 * ends with an `END` frame once the stream is closed and fully delivered. Pull-driven, so a slow reader
 * applies backpressure instead of making the object buffer the stream.
 */
import type { ChunkSource } from './chunk-source.js';
import { controlFrame, encodeFrames, FRAME, type Frame } from '../frames.js';
import { READ_BATCH_BYTES, READ_BATCH_CHUNKS } from '../limits.js';
import type { StreamLog } from './stream-log.js';

/** Resolves waiters when chunks are appended or the stream closes. */
export class ChangeSignal {
  #waiters = new Set<() => void>();

  /** A promise settled at the next change; `cancel` drops it (a reader that went away). */
  wait(): { changed: Promise<void>; cancel: () => void } {
    let wake: () => void = () => undefined;
    const changed = new Promise<void>((resolve) => {
      wake = resolve;
    });
    this.#waiters.add(wake);
    return {
      changed,
      cancel: () => {
        this.#waiters.delete(wake);
        wake();
      },
    };
  }

  notify(): void {
    const waiters = this.#waiters;
    this.#waiters = new Set();
    for (const wake of waiters) wake();
  }

  get size(): number {
    return this.#waiters.size;
  }
}

const utf8 = new TextEncoder();

/** Resolves a possibly negative start index against the chunk count (negative counts back, clamped to 0). */
export const resolveStart = (startIndex: number, count: number): number => (startIndex < 0 ? Math.max(0, count + startIndex) : startIndex);

export function openLiveRead(log: StreamLog, source: ChunkSource, signal: ChangeSignal, startIndex: number): ReadableStream<Uint8Array> {
  let cursor = resolveStart(startIndex, log.nextIndex);
  let pending: { cancel: () => void } | null = null;
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encodeFrames([controlFrame(FRAME.START, cursor)]));
      },
      async pull(controller) {
        for (;;) {
          if (cursor < log.nextIndex) {
            const chunks = await source.collect(cursor, READ_BATCH_CHUNKS, READ_BATCH_BYTES);
            const frames: Frame[] = chunks.map((c) =>
              c.ref === undefined
                ? { type: FRAME.CHUNK, index: c.index, payload: c.data }
                : { type: FRAME.REF, index: c.index, payload: utf8.encode(c.ref) },
            );
            cursor += chunks.length;
            controller.enqueue(encodeFrames(frames));
            return;
          }
          if (log.closed) {
            controller.enqueue(encodeFrames([controlFrame(FRAME.END, log.nextIndex)]));
            controller.close();
            return;
          }
          const waiting = signal.wait();
          pending = waiting;
          await waiting.changed;
          pending = null;
          if (cancelled) return;
        }
      },
      cancel() {
        cancelled = true;
        pending?.cancel();
      },
    },
    { highWaterMark: 0 },
  );
}
