/**
 * One alarm per object, several parts that need it: the outbox (D1 index catch-up with backoff), the
 * inbox (due messages, timers, the backstop while deliveries are in flight) and the run's expiry (retention). Each part says when it next
 * needs the alarm; the object's one alarm is set to the earliest of those, and only written when that
 * changes (every `setAlarm` is a storage write).
 */
export type AlarmPart = 'outbox' | 'inbox' | 'expiry';

export interface AlarmSchedule {
  /**
   * `part` needs the alarm at `at` (ms since epoch), or no longer (`null`). Synchronous up to the storage call,
   * so a caller in the turn of a commit arms the alarm under the same output gate as the commit.
   */
  want(part: AlarmPart, at: number | null): Promise<void>;
  /** What `part` asked for last. */
  wanted(part: AlarmPart): number | null;
  /** Reads the armed alarm once, on wake. */
  load(): Promise<void>;
  /** The alarm fired: the platform cleared it, and every part declares again what it still needs. */
  fired(): void;
}

export function createAlarmSchedule(storage: DurableObjectStorage): AlarmSchedule {
  const wants = new Map<AlarmPart, number>();
  /** The alarm as last set by this instance: `null` none, `undefined` unknown (not loaded yet). */
  let armed: number | null | undefined;

  function apply(): Promise<void> {
    let next: number | null = null;
    for (const at of wants.values()) if (next === null || at < next) next = at;
    if (next === armed) return Promise.resolve();
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
  };
}
