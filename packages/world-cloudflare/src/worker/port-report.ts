/**
 * Saves the DevKit a failed port scan on every step.
 *
 * `@workflow/core` 4.8's step handler asks `@workflow/utils` which TCP port "this process" listens on (only to
 * build `getWorkflowMetadata().url`, `http://localhost:<port>`). It looks at `process.report`, then scans
 * `/proc/<pid>/…` — which a Worker does not have (workerd's `process.report.getReport()` lists no handles) —
 * and caches only a found port. So every step delivery paid
 * for a failing scan through workerd's virtual file system (~0.7 ms a step here). A Worker listens on no
 * socket; we report the port the DevKit falls back to anyway (3000), so the URL is what it always was and
 * the lookup happens once per isolate.
 */
const FALLBACK_PORT = 3000;

interface ProcessWithReport {
  report?: { getReport?: () => unknown };
}

/** Installs the report once per isolate; a `process.report` that already lists libuv handles is left alone. */
export function installPortReport(): void {
  const proc = (globalThis as { process?: ProcessWithReport }).process;
  if (!proc || listsHandles(proc)) return;
  const listening = { type: 'tcp', is_active: true, remoteEndpoint: null, localEndpoint: { port: FALLBACK_PORT } };
  try {
    proc.report = { ...proc.report, getReport: () => ({ libuv: [listening] }) };
  } catch {
    // A read-only `process.report`: the DevKit keeps scanning, which is slower but correct.
  }
}

function listsHandles(proc: ProcessWithReport): boolean {
  try {
    return Array.isArray((proc.report?.getReport?.() as { libuv?: unknown } | undefined)?.libuv);
  } catch {
    return false;
  }
}
