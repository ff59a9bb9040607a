/**
 * HMAC-SHA256 signatures on flow/step HTTP deliveries. The signed text binds the body to the queue name,
 * message id and attempt, so a captured request cannot be replayed with other headers.
 */
const encoder = new TextEncoder();

export const SIGNATURE_HEADER = 'x-wwc-signature';

const signedText = (d: { queueName: string; messageId: string; attempt: number; body: string }): Uint8Array =>
  encoder.encode(`${d.queueName}\n${d.messageId}\n${d.attempt}\n${d.body}`);

async function importKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

/** Hex HMAC-SHA256 of the delivery. */
export async function signDelivery(
  secret: string,
  d: { queueName: string; messageId: string; attempt: number; body: string },
): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await importKey(secret), signedText(d));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Constant-time check (`subtle.verify`) of a hex signature; false for anything malformed. */
export async function verifyDelivery(
  secret: string,
  signature: string,
  d: { queueName: string; messageId: string; attempt: number; body: string },
): Promise<boolean> {
  if (!/^[0-9a-f]{64}$/.test(signature)) return false;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(signature.slice(i * 2, i * 2 + 2), 16);
  return crypto.subtle.verify('HMAC', await importKey(secret), bytes, signedText(d));
}
