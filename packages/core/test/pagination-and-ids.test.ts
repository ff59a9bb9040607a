import { describe, expect, it } from 'vitest';
import { CloudflareWorldError, decodeCursor, encodeCursor, newEventId, resolvePage, timeOfId, toPage } from '../src/index.js';

describe('pagination', () => {
  it('applies per-kind defaults', () => {
    expect(resolvePage('runs', undefined)).toEqual({ limit: 20, sortOrder: 'desc', after: null });
    expect(resolvePage('events', {})).toEqual({ limit: 100, sortOrder: 'asc', after: null });
  });

  it('rejects limits outside 1..1000 and malformed cursors', () => {
    for (const limit of [0, 1001, 2.5]) {
      expect(() => resolvePage('runs', { limit })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
    expect(() => resolvePage('runs', { cursor: '%%%' })).toThrow(CloudflareWorldError);
  });

  it('round-trips cursors and points at the last item even without more', () => {
    expect(decodeCursor(encodeCursor({ t: 5, id: 'x' }))).toEqual({ t: 5, id: 'x' });
    const page = toPage([1, 2], 5, (n) => ({ t: n, id: String(n) }));
    expect(page.hasMore).toBe(false);
    expect(decodeCursor(page.cursor!)).toEqual({ t: 2, id: '2' });
    expect(toPage([], 5, () => ({ t: 0, id: '' })).cursor).toBeNull();
  });
});

describe('ids', () => {
  it('mints monotonic prefixed ULIDs within one millisecond', () => {
    const ids = Array.from({ length: 100 }, () => newEventId(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(100);
    expect(timeOfId(ids[0]!, 'evnt_')).toBe(1_700_000_000_000);
    expect(timeOfId('evnt_nope', 'evnt_')).toBeNull();
  });
});
