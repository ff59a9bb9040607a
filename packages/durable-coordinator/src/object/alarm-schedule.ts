/**
 * The run object's one alarm (core's `createAlarmSchedule`, exact policy) and the parts that need it: the outbox
 * (D1 index catch-up with backoff), the inbox (due messages, timers, the backstop while deliveries are in
 * flight) and the run's expiry (retention).
 */
import { type AlarmSchedule as Schedule, createAlarmSchedule as createSchedule } from '@workflow-world-cloudflare/core';

export type AlarmPart = 'outbox' | 'inbox' | 'expiry';

export type AlarmSchedule = Schedule<AlarmPart>;

export const createAlarmSchedule = (storage: DurableObjectStorage): AlarmSchedule => createSchedule<AlarmPart>(storage);
