/**
 * Shared pagination rules: the reference worlds' defaults, the 1000 cap, and opaque exclusive cursors.
 * A cursor encodes the sort key of the last item returned (`createdAt` ms and id); the next page starts
 * strictly after it, so items are never skipped or repeated while new ones are appended.
 */
import { base64ToBytes, bytesToBase64 } from './codec.js';
import { CloudflareWorldError } from './errors.js';

export const MAX_PAGE_LIMIT = 1000;

/** Default page sizes and orders, as in `@workflow/world-local` / `world-postgres`. */
export const PAGE_DEFAULTS = {
  runs: { limit: 20, sortOrder: 'desc' },
  steps: { limit: 20, sortOrder: 'desc' },
  events: { limit: 100, sortOrder: 'asc' },
  hooks: { limit: 20, sortOrder: 'asc' },
} as const satisfies Record<string, { limit: number; sortOrder: 'asc' | 'desc' }>;

export type PageKind = keyof typeof PAGE_DEFAULTS;

export interface PageRequest {
  limit: number;
  sortOrder: 'asc' | 'desc';
  after: CursorPosition | null;
}

/** Position of the last item of a page: its creation time (ms) and id, the tie-breaker. */
export interface CursorPosition {
  t: number;
  id: string;
}

export interface PaginationInput {
  limit?: number;
  cursor?: string;
  sortOrder?: 'asc' | 'desc';
}

/** Validates pagination input and applies the defaults of `kind`. @throws CloudflareWorldError `INVALID_ARGUMENT` */
export function resolvePage(kind: PageKind, input: PaginationInput | undefined): PageRequest {
  const defaults = PAGE_DEFAULTS[kind];
  const limit = input?.limit ?? defaults.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new CloudflareWorldError('INVALID_ARGUMENT', `pagination.limit must be an integer from 1 to ${MAX_PAGE_LIMIT}, got ${String(limit)}`);
  }
  const sortOrder = input?.sortOrder ?? defaults.sortOrder;
  if (sortOrder !== 'asc' && sortOrder !== 'desc') {
    throw new CloudflareWorldError('INVALID_ARGUMENT', `pagination.sortOrder must be "asc" or "desc", got ${String(sortOrder)}`);
  }
  return { limit, sortOrder, after: input?.cursor ? decodeCursor(input.cursor) : null };
}

/** Cursor text for any JSON value: UTF-8 JSON in unpadded base64url, so it survives a URL untouched. */
export function encodeOpaqueCursor(value: unknown): string {
  return bytesToBase64(new TextEncoder().encode(JSON.stringify(value))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The JSON value inside a cursor made by {@link encodeOpaqueCursor}; throws when `cursor` is not one. */
export function decodeOpaqueCursor(cursor: string): unknown {
  return JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(base64ToBytes(cursor.replaceAll('-', '+').replaceAll('_', '/'))));
}

export function encodeCursor(position: CursorPosition): string {
  return encodeOpaqueCursor([position.t, position.id]);
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed = decodeOpaqueCursor(cursor);
    if (Array.isArray(parsed) && typeof parsed[0] === 'number' && typeof parsed[1] === 'string') {
      return { t: parsed[0], id: parsed[1] };
    }
  } catch (cause) {
    throw new CloudflareWorldError('INVALID_ARGUMENT', `Malformed pagination cursor: ${cursor}`, { cause });
  }
  throw new CloudflareWorldError('INVALID_ARGUMENT', `Malformed pagination cursor: ${cursor}`);
}

/**
 * Builds the page response from `limit + 1` fetched rows. `cursor` is the last returned item's position even
 * when `hasMore` is false (so a caller can poll for newer items from where it stopped), `null` on an empty page.
 */
export function toPage<T>(rows: T[], limit: number, position: (row: T) => CursorPosition): { data: T[]; cursor: string | null; hasMore: boolean } {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, cursor: last === undefined ? null : encodeCursor(position(last)), hasMore };
}
