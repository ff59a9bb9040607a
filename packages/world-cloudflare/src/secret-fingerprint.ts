/** A short public fingerprint of a secret, per purpose: says which secret was used, reveals nothing of it. */
import { createHash } from 'node:crypto';

export function secretFingerprint(purpose: string, secret: string): string {
  return createHash('sha256').update(`workflow-world-cloudflare ${purpose}:${secret}`).digest('hex').slice(0, 16);
}
