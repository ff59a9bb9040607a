/** Retries: a step that fails twice with `RetryableError` before succeeding, and one that fails for good. */
import { FatalError, getStepMetadata, RetryableError } from 'workflow';

async function flakyCall(): Promise<{ attempt: number }> {
  'use step';
  const { attempt } = getStepMetadata();
  if (attempt < 3) throw new RetryableError(`busy (attempt ${attempt})`, { retryAfter: '1s' });
  return { attempt };
}

/** Succeeds on the third attempt, each retry at least one second after the previous attempt. */
export async function flaky() {
  'use workflow';
  return flakyCall();
}

async function rejectPayment(reason: string): Promise<never> {
  'use step';
  throw new FatalError(reason);
}

/** A `FatalError` is not retried: the run fails with its message. */
export async function fatal(reason: string) {
  'use workflow';
  await rejectPayment(reason);
  return 'unreachable';
}
