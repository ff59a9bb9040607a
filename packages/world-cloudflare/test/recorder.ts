/** Test-only Durable Object: a durable record of queue handler calls, shared by every isolate. */
import { DurableObject } from 'cloudflare:workers';

export interface Call {
  runId: string;
  messageId: string;
  attempt: number;
  queueName: string;
}

export class Recorder extends DurableObject {
  readonly #calls: Call[] = [];

  async record(call: Call): Promise<void> {
    this.#calls.push(call);
  }
  async calls(runId: string): Promise<Call[]> {
    return this.#calls.filter((c) => c.runId === runId);
  }
}
