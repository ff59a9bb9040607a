/** The IPC messages between the bench and the world-postgres process (`postgres-driver.ts`, `postgres-child.ts`). */

/** A driver call from the parent: `op` is a `WorkflowDriver` method, `args` its arguments. */
export interface DriverCall {
  id: number;
  op: 'start' | 'waitAll' | 'steps' | 'waits' | 'events' | 'close';
  args: unknown[];
}

export type DriverAnswer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
