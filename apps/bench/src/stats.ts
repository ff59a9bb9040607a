/** Summary statistics of a sample of durations (milliseconds) and the lines the bench prints. */

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of an ascending sample (`p` in 0–100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

/** p50 / p95 / p99 / mean / min / max of `samples`. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, x) => sum + x, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** `12.34 ms` (two decimals below 100 ms, one above). */
export function ms(value: number): string {
  return `${value.toFixed(value < 100 ? 2 : 1)} ms`;
}

/** `reference / ours` as `2.3x` (how many times faster ours is; below 1 means slower). */
export function ratio(reference: number, ours: number): string {
  return `${(reference / ours).toFixed(2)}x`;
}

/** One aligned table line: a label, then the chosen statistics. */
export function row(label: string, s: Summary, keys: readonly (keyof Summary)[]): string {
  const cells = keys.map((k) => `${k} ${(k === 'n' ? String(s[k]) : ms(s[k])).padStart(k === 'n' ? 4 : 10)}`);
  return `  ${label.padEnd(34)}${cells.join('  ')}`;
}

/** The median of `samples` (mean of the two middle values for an even count). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
