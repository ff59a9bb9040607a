/**
 * `Queue.sendBatch` accepts at most 100 messages and 256 KB per call; larger sets are split.
 */
const MAX_BATCH_MESSAGES = 100;
const MAX_BATCH_BYTES = 250 * 1024;

export async function sendInChunks<T>(queue: Queue<T>, bodies: readonly T[]): Promise<void> {
  let chunk: MessageSendRequest<T>[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = JSON.stringify(body).length;
    if (chunk.length > 0 && (chunk.length === MAX_BATCH_MESSAGES || bytes + size > MAX_BATCH_BYTES)) {
      await queue.sendBatch(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push({ body, contentType: 'json' });
    bytes += size;
  }
  if (chunk.length > 0) await queue.sendBatch(chunk);
}
