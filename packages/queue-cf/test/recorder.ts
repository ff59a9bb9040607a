/** Test-only Durable Object: a durable record of handler calls and dead letters, shared by every isolate. */
import { DurableObject } from 'cloudflare:workers';

export interface Call {
  tag: string;
  messageId: string;
  attempt: number;
  queueName: string;
  payload: unknown;
}

export class Recorder extends DurableObject {
  readonly #calls: Call[] = [];
  readonly #letters: unknown[] = [];

  async record(call: Call): Promise<void> {
    this.#calls.push(call);
  }
  async calls(tag: string): Promise<Call[]> {
    return this.#calls.filter((c) => c.tag === tag);
  }
  async letter(letter: unknown): Promise<void> {
    this.#letters.push(letter);
  }
  async letters(): Promise<unknown[]> {
    return this.#letters;
  }
}
