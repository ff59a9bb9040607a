/**
 * Reports `error` as an uncaught exception, the way a throwing timer or `queueMicrotask` callback is reported,
 * not as a rejected promise. The run objects' zero-delay timers and `process.nextTick` run their callbacks as
 * promise reactions, where a throw would otherwise become an unhandled rejection.
 */
export function reportUncaught(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
