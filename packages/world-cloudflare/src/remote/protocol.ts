/**
 * The World API's wire protocol, shared by the Worker route (`worker/world-api.ts`) and the remote World
 * (`remote/client.ts`). Runs anywhere: no Cloudflare or Node imports.
 *
 * - `POST <base>/.well-known/workflow/v1/world/call`, body `{ method, args }`, answers the method's value.
 *   Bodies are devalue text (the DevKit's own serializer): `Date`, `Uint8Array`, `undefined` and `Map` survive
 *   the trip, so a World read over HTTP is the same value as the one read in the Worker. devalue's text is JSON,
 *   and the type says so (`+json`): workerd warns on every `.text()` of a body whose type is not text.
 * - `GET <base>/.well-known/workflow/v1/world/stream?name=…&start=…` answers `readFromStream` as it is written:
 *   each chunk framed as a 4-byte big-endian length and its bytes, so chunk boundaries are kept end to end.
 * - Failures are JSON `{ error: RpcError }` (core's envelope) with an HTTP status; the client rethrows the exact
 *   `@workflow/errors` class.
 */
import { parse, stringify } from 'devalue';

export const WORLD_API_PATH = '/.well-known/workflow/v1/world/';
export const CALL_ROUTE = 'call';
export const STREAM_ROUTE = 'stream';
export const DEVALUE_CONTENT_TYPE = 'application/vnd.workflow-world-cloudflare.devalue+json';
export const FRAMED_CONTENT_TYPE = 'application/vnd.workflow-world-cloudflare.frames';

/** What a token may do: `read` sees runs, steps, events, hooks and streams; `operate` also writes. */
export type Access = 'read' | 'operate';

/**
 * Every World method the API serves, and the access it needs. Nothing else is callable: the method name is
 * looked up here before anything touches the World.
 */
export const WORLD_API_METHODS = {
  'runs.get': 'read',
  'runs.list': 'read',
  'steps.get': 'read',
  'steps.list': 'read',
  'events.get': 'read',
  'events.list': 'read',
  'events.listByCorrelationId': 'read',
  'hooks.get': 'read',
  'hooks.getByToken': 'read',
  'hooks.list': 'read',
  getDeploymentId: 'read',
  listStreamsByRunId: 'read',
  getStreamChunks: 'read',
  getStreamInfo: 'read',
  // Read tokens get `undefined` (no key): they see encrypted payloads as encrypted.
  getEncryptionKeyForRun: 'read',
  'events.create': 'operate',
  'runs.cancelMany': 'operate',
  queue: 'operate',
  writeToStream: 'operate',
  writeToStreamMulti: 'operate',
  closeStream: 'operate',
} as const satisfies Record<string, Access>;

export type WorldApiMethod = keyof typeof WORLD_API_METHODS;

export const isWorldApiMethod = (name: unknown): name is WorldApiMethod =>
  typeof name === 'string' && Object.hasOwn(WORLD_API_METHODS, name);

/** Where a method lives on a World: `'runs.get'` → `['runs', 'get']`, `'queue'` → `[undefined, 'queue']`. */
export function methodPath(method: WorldApiMethod): [area: string | undefined, name: string] {
  const dot = method.indexOf('.');
  return dot === -1 ? [undefined, method] : [method.slice(0, dot), method.slice(dot + 1)];
}

/** One call's request body. */
export interface CallRequest {
  method: WorldApiMethod;
  args: unknown[];
}

export const encodeBody = (value: unknown): string => stringify(value);
export const decodeBody = (text: string): unknown => parse(text);

/** What a read token sees in place of a hook's token (a webhook token is a credential: it resumes the hook). */
export const REDACTED_TOKEN = '[redacted]';

const HEADER_BYTES = 4;

/** Stream chunks → length-prefixed frames. */
export function frameChunks(): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      const frame = new Uint8Array(HEADER_BYTES + chunk.byteLength);
      new DataView(frame.buffer).setUint32(0, chunk.byteLength);
      frame.set(chunk, HEADER_BYTES);
      controller.enqueue(frame);
    },
  });
}

/** Length-prefixed frames, cut anywhere by the network → the original chunks. */
export function unframeChunks(): TransformStream<Uint8Array, Uint8Array> {
  let buffered = new Uint8Array(0);
  return new TransformStream({
    transform(bytes, controller) {
      const joined = new Uint8Array(buffered.byteLength + bytes.byteLength);
      joined.set(buffered);
      joined.set(bytes, buffered.byteLength);
      let offset = 0;
      while (joined.byteLength - offset >= HEADER_BYTES) {
        const length = new DataView(joined.buffer, joined.byteOffset + offset).getUint32(0);
        if (joined.byteLength - offset - HEADER_BYTES < length) break;
        controller.enqueue(joined.slice(offset + HEADER_BYTES, offset + HEADER_BYTES + length));
        offset += HEADER_BYTES + length;
      }
      buffered = joined.slice(offset);
    },
    flush(controller) {
      if (buffered.byteLength > 0) controller.error(new Error(`The stream ended inside a frame (${buffered.byteLength} bytes left over)`));
    },
  });
}
