/**
 * HMAC-SHA256 signatures on flow/step HTTP deliveries. The signed text binds the body to the queue name,
 * message id, attempt and the time of signing, so a captured request cannot be replayed with other headers,
 * nor later than the receiver's window allows.
 */
const encoder = new TextEncoder();

export const SIGNATURE_HEADER = 'x-wwc-signature';
/** Unix time in seconds at which the request was signed; covered by the MAC. */
export const SIGNATURE_TIMESTAMP_HEADER = 'x-wwc-signature-timestamp';

/** The parts of a delivery the signature covers. */
export interface SignedDelivery {
  queueName: string;
  messageId: string;
  attempt: number;
  body: string;
}

// The timestamp leads: it is all digits, and queue names never start with one, so texts cannot collide.
const signedText = (timestamp: number, d: SignedDelivery): Uint8Array =>
  encoder.encode(`${timestamp}\n${d.queueName}\n${d.messageId}\n${d.attempt}\n${d.body}`);

async function importKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

/** Hex HMAC-SHA256 of the delivery signed at `timestamp` (Unix seconds). */
export async function signDelivery(secret: string, d: SignedDelivery, timestamp: number): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await importKey(secret), signedText(timestamp, d));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The headers that authenticate a delivery sent now: {@link SIGNATURE_HEADER} and
 * {@link SIGNATURE_TIMESTAMP_HEADER}.
 */
export async function signatureHeaders(
  secret: string,
  d: SignedDelivery,
  nowMs: number = Date.now(),
): Promise<Record<string, string>> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    [SIGNATURE_HEADER]: await signDelivery(secret, d, timestamp),
    [SIGNATURE_TIMESTAMP_HEADER]: String(timestamp),
  };
}

/**
 * True when `signature` is the MAC of the delivery at `timestamp` and that timestamp is within
 * `windowSeconds` of now, either way (a future-dated request is refused like an expired one). The MAC is
 * compared in constant time (`subtle.verify`); anything malformed is false.
 */
export async function verifyDelivery(
  secret: string,
  signed: { signature: string; timestamp: string },
  d: SignedDelivery,
  windowSeconds: number,
  nowMs: number = Date.now(),
): Promise<boolean> {
  if (!/^[0-9a-f]{64}$/.test(signed.signature) || !/^[0-9]{1,12}$/.test(signed.timestamp)) return false;
  const timestamp = Number(signed.timestamp);
  if (Math.abs(nowMs / 1000 - timestamp) > windowSeconds) return false;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(signed.signature.slice(i * 2, i * 2 + 2), 16);
  return crypto.subtle.verify('HMAC', await importKey(secret), bytes, signedText(timestamp, d));
}
