/** A small typed client for the example's HTTP API (see apps/example/README.md). */
import type { RunInspection } from 'workflow-world-cloudflare';

export interface RunView {
  runId: string;
  status: 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
  workflowName: string;
  output?: unknown;
  error?: { message: string; code?: string };
  paused?: boolean;
  createdAt: string;
  startedAt?: string;
  completedAt?: string;
}

export interface StepView {
  stepId: string;
  stepName: string;
  status: string;
  attempt: number;
  output?: unknown;
  error?: { message: string };
  startedAt?: string;
  completedAt?: string;
  retryAfter?: string;
}

export interface EventView {
  eventId: string;
  eventType: string;
  correlationId?: string;
  createdAt: string;
  eventData?: Record<string, unknown>;
}

/** `world.control.inspect(runId)` as the example's test route returns it (all of it is JSON as it is). */
export type ExecutionView = RunInspection;

/** A client of the example's API; with `apiToken`, it calls the operator routes as an operator. */
export function createClient(baseUrl: string, apiToken?: string) {
  const auth: Record<string, string> = apiToken === undefined ? {} : { authorization: `Bearer ${apiToken}` };
  async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(baseUrl + path, {
      method,
      headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch (error) {
      throw new Error(`${method} ${path} -> ${res.status}, not JSON: ${text.slice(0, 500)}`, { cause: error });
    }
    return { status: res.status, json: json as T };
  }
  async function ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { status, json } = await call<T>(method, path, body);
    if (status >= 300) throw new Error(`${method} ${path} -> ${status}: ${JSON.stringify(json)}`);
    return json;
  }
  return {
    call,
    start: (workflow: string, args: unknown[]) => ok<{ runId: string }>('POST', `/runs/${workflow}`, args).then((r) => r.runId),
    run: (runId: string) => ok<RunView>('GET', `/runs/${runId}`),
    steps: (runId: string) => ok<{ data: StepView[] }>('GET', `/runs/${runId}/steps`).then((r) => r.data),
    events: (runId: string) => ok<{ data: EventView[] }>('GET', `/runs/${runId}/events`).then((r) => r.data),
    resumeHook: (token: string, payload: unknown) => call<unknown>('POST', `/hooks/${encodeURIComponent(token)}`, payload),
    cancel: (runId: string) => ok<RunView>('POST', `/runs/${runId}/cancel`),
    pause: (runId: string) => ok<RunView>('POST', `/runs/${runId}/pause`),
    resume: (runId: string) => ok<RunView>('POST', `/runs/${runId}/resume`),
    readable: (runId: string) => fetch(`${baseUrl}/runs/${runId}/readable`, { headers: auth }),
    /** Test-only (E2E_TEST_CONTROLS): completes the run's pending sleeps now. */
    wake: (runId: string) => ok<{ woken: number }>('POST', `/__test/runs/${runId}/wake`),
    /** Test-only (E2E_TEST_CONTROLS): what the run's object executes and holds (`world.control.inspect`). */
    execution: (runId: string) => ok<ExecutionView>('GET', `/__test/runs/${runId}/execution`),
    /** Polls the run until `check` holds; bounded. */
    async waitFor(runId: string, check: (run: RunView) => boolean, timeoutMs = 60_000): Promise<RunView> {
      const deadline = Date.now() + timeoutMs;
      let last: RunView | undefined;
      while (Date.now() < deadline) {
        last = await this.run(runId);
        if (check(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`run ${runId} did not reach the expected state in ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    },
  };
}

export type Client = ReturnType<typeof createClient>;
export const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
export const isTerminal = (r: RunView): boolean => TERMINAL.has(r.status);
