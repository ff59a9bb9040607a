/** One timed workflow run. */
export interface LatencySample {
  /** Seen by the caller: from starting the run until it knew the run had completed. */
  clientMs: number;
  /** Inside the world: the run's `completedAt - createdAt` (both stamped by the world, ms resolution). */
  runMs: number;
}
