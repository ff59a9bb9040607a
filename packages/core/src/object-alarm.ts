/**
 * One alarm per Durable Object, and several things that need it: each part says when it next needs the alarm,
 * and the object's one alarm is set to the earliest of those. Every `setAlarm` is a storage write, so it is
 * only written when the earliest time changes. Two policies:
 * - `exact` (default): the alarm is always the earliest need, moved later or deleted when needs go away.
 * - `earlier-only`: the alarm only ever moves earlier; a later or absent need leaves it to fire, find nothing
 *   and be re-armed, which costs less than a write on every commit of a hot path.
 */

/** What the kit needs of `ctx.storage` (workerd's `DurableObjectStorage` has it). */
export interface AlarmStorage {
  getAlarm(): Promise<number | null>;
  setAlarm(scheduledTime: number): Promise<void>;
  deleteAlarm(): Promise<void>;
}

export interface AlarmSchedule<Part extends string> {
  /**
   * `part` needs the alarm at `at` (ms since epoch), or no longer (`null`). Synchronous up to the storage call,
   * so a caller in the turn of a commit arms the alarm under the same output gate as the commit.
   */
  want(part: Part, at: number | null): Promise<void>;
  /** What `part` asked for last. */
  wanted(part: Part): number | null;
  /** Reads the armed alarm once, on wake (before it, the armed time is unknown and the next need is written). */
  load(): Promise<void>;
  /** The alarm fired: the platform cleared it, and every part declares again what it still needs. */
  fired(): void;
  /** Deletes the alarm and forgets every need (the object is being emptied). */
  clear(): Promise<void>;
}

export function createAlarmSchedule<Part extends string>(
  storage: AlarmStorage,
  options: { policy?: 'exact' | 'earlier-only' } = {},
): AlarmSchedule<Part> {
  const earlierOnly = options.policy === 'earlier-only';
  const wants = new Map<Part, number>();
  /** The alarm as last set by this instance: `null` none, `undefined` unknown (not loaded yet). */
  let armed: number | null | undefined;

  function apply(): Promise<void> {
    let next: number | null = null;
    for (const at of wants.values()) if (next === null || at < next) next = at;
    if (next === armed) return Promise.resolve();
    if (earlierOnly && (next === null || (armed !== undefined && armed !== null && armed <= next))) return Promise.resolve();
    armed = next;
    return next === null ? storage.deleteAlarm() : storage.setAlarm(next);
  }

  return {
    want(part, at) {
      if (at === null) wants.delete(part);
      else wants.set(part, at);
      return apply();
    },
    wanted: (part) => wants.get(part) ?? null,
    async load() {
      armed = await storage.getAlarm();
    },
    fired() {
      armed = null;
      wants.clear();
    },
    async clear() {
      wants.clear();
      armed = null;
      await storage.deleteAlarm();
    },
  };
}
