/**
 * Every R2 key the streamer writes. Names and run ids are URI-encoded so any character is safe in a key and
 * a `/` in one can never make a prefix match another run's keys.
 */

const enc = encodeURIComponent;

/** Where the run registry lives: one empty marker object per (run, stream) pair. */
export const RUN_REGISTRY_AREA = 'streams/by-run/';

/** Prefix of one run's registry markers. */
export const runMarkerPrefix = (runId: string): string => `${RUN_REGISTRY_AREA}${enc(runId)}/`;

/** The registry marker saying stream `name` belongs to run `runId`. */
export const runMarkerKey = (runId: string, name: string): string => `${runMarkerPrefix(runId)}${enc(name)}`;

/** The stream name a marker key names, given the run prefix it was listed under. */
export const nameFromMarkerKey = (prefix: string, key: string): string => decodeURIComponent(key.slice(prefix.length));

/**
 * A segment: chunks `firstIndex…` of a stream flushed from the stream object's SQLite. Zero-padded so keys
 * sort by index. Deterministic, so a flush retried after a crash overwrites the same object.
 */
export const segmentKey = (name: string, firstIndex: number): string =>
  `${segmentPrefix(name)}${String(firstIndex).padStart(10, '0')}`;

/** Every segment of stream `name`. */
export const segmentPrefix = (name: string): string => `streams/segments/${enc(name)}/`;

/** A chunk too big for a SQLite row, written by the writer before the stream object records it. */
export const largeChunkKey = (name: string, blobId: string): string => `${largeChunkPrefix(name)}${blobId}`;

/** Every large chunk of stream `name`. */
export const largeChunkPrefix = (name: string): string => `streams/chunks/${enc(name)}/`;
