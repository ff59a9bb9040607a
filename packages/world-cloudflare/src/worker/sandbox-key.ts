/**
 * Keyed sandbox randomness for runs that execute in their objects (see workers-runtime's `keyed-random.ts`):
 * a run created while a signing secret is set is stamped `sandboxRandomness: 'keyed-v1:<fingerprint>'`, and
 * every sandbox created for a replay of it draws from a stream keyed by that secret. Runs created before (no
 * stamp) keep core's public seed, so they replay exactly as they always did. A run stamped with another
 * secret's fingerprint cannot replay identically: its replay fails with a message saying so (rotate the secret
 * only with no keyed runs in flight), instead of silently diverging.
 */
import { localRunExecutionContext } from '@workflow-world-cloudflare/durable-coordinator';
import { setSandboxKeySource } from '@workflow-world-cloudflare/workers-runtime';
import { secretFingerprint } from '../secret-fingerprint.js';

const SCHEME = 'keyed-v1';

const fingerprint = (secret: string): string => secretFingerprint('sandbox key', secret);

/** What a new run's `executionContext` records when `secret` keys its sandboxes. */
export function sandboxRandomnessStamp(secret: string): { sandboxRandomness: string } {
  return { sandboxRandomness: `${SCHEME}:${fingerprint(secret)}` };
}

/** Keys the sandboxes of stamped runs with `secret`, in this isolate. */
export function installSandboxKey(secret: string): void {
  const expected = sandboxRandomnessStamp(secret).sandboxRandomness;
  setSandboxKeySource(() => {
    const stamp = localRunExecutionContext()?.sandboxRandomness;
    if (typeof stamp !== 'string') return undefined;
    if (stamp !== expected) {
      throw new Error(
        `workflow-world-cloudflare: this run's sandbox was keyed with another WORKFLOW_SIGNING_SECRET (${stamp}, the ` +
          `current one is ${expected}); it cannot replay identically under the current one. Restore the previous ` +
          'secret until its keyed runs have ended.',
      );
    }
    return secret;
  });
}
