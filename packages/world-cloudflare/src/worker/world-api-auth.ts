/**
 * Who may call the World API. Off unless a token secret is bound; every request carries
 * `Authorization: Bearer <token>`, compared in constant time against both tokens (SHA-256 of each side, then
 * `crypto.subtle.timingSafeEqual`, so neither the length nor which token matched leaks through timing).
 *
 * Bad tokens are rate limited per client address: after {@link BAD_TOKEN_LIMIT} failures within
 * {@link BAD_TOKEN_WINDOW_MS}, every request from that address (right token or not, so a lucky guess is not
 * confirmed) gets 429 until the window ends. The count lives in this isolate: Cloudflare spreads a flood over
 * isolates, so this slows guessing rather than bounding it; the bound is the token's 192+ bits.
 */
import type { Access } from '../remote/protocol.js';

export interface WorldApiVars {
  /** Operator token (secret, ≥ 32 characters): reads and writes (start, cancel, resume hooks, encryption keys). */
  WORKFLOW_WORLD_API_TOKEN?: string;
  /** Read-only token (secret, ≥ 32 characters): runs, steps, events, hooks (tokens redacted) and streams. */
  WORKFLOW_WORLD_API_READ_TOKEN?: string;
}

export const MIN_WORLD_API_TOKEN_LENGTH = 32;
export const BAD_TOKEN_LIMIT = 20;
export const BAD_TOKEN_WINDOW_MS = 60_000;
/** Addresses remembered at once; the oldest window is dropped first. */
const TRACKED_ADDRESSES = 10_000;

export type AuthFailureCode =
  | 'WORLD_API_MISCONFIGURED'
  | 'WORLD_API_TOKEN_REQUIRED'
  | 'MALFORMED_AUTHORIZATION'
  | 'WORLD_API_TOKEN_INVALID'
  | 'TOO_MANY_BAD_TOKENS'
  | 'READ_ONLY_TOKEN';

export interface AuthFailure {
  status: number;
  code: AuthFailureCode;
  message: string;
  retryAfterSeconds?: number;
}

/** The tokens bound, or `null` when the API is off (no token bound). */
export function worldApiTokens(vars: WorldApiVars): { operate?: string; read?: string } | null {
  const operate = vars.WORKFLOW_WORLD_API_TOKEN || undefined;
  const read = vars.WORKFLOW_WORLD_API_READ_TOKEN || undefined;
  if (operate === undefined && read === undefined) return null;
  return { ...(operate ? { operate } : {}), ...(read ? { read } : {}) };
}

/** A bound token that is too short: the API refuses to run on it rather than accept a guessable token. */
export function weakTokenFailure(tokens: { operate?: string; read?: string }): AuthFailure | null {
  for (const [name, token] of [
    ['WORKFLOW_WORLD_API_TOKEN', tokens.operate],
    ['WORKFLOW_WORLD_API_READ_TOKEN', tokens.read],
  ] as const) {
    if (token !== undefined && token.length < MIN_WORLD_API_TOKEN_LENGTH) {
      return {
        status: 503,
        code: 'WORLD_API_MISCONFIGURED',
        message: `${name} must be at least ${MIN_WORLD_API_TOKEN_LENGTH} characters (e.g. \`openssl rand -base64 32\`); the World API is closed until it is`,
      };
    }
  }
  if (tokens.operate !== undefined && tokens.operate === tokens.read) {
    return { status: 503, code: 'WORLD_API_MISCONFIGURED', message: 'WORKFLOW_WORLD_API_TOKEN and WORKFLOW_WORLD_API_READ_TOKEN must differ' };
  }
  return null;
}

const digest = async (text: string): Promise<ArrayBuffer> => crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));

async function sameSecret(given: ArrayBuffer, expected: string | undefined): Promise<boolean> {
  // Both sides are hashed even without a token, so the time taken does not say which tokens are bound.
  const equal = crypto.subtle.timingSafeEqual(given, await digest(expected ?? '\u0000unset'));
  return expected !== undefined && equal;
}

/** The access `request` has, or why it has none. Does not count failures (see {@link BadTokenLimiter}). */
export async function authenticate(request: Request, tokens: { operate?: string; read?: string }): Promise<Access | AuthFailure> {
  const header = request.headers.get('authorization');
  if (header === null) {
    return { status: 401, code: 'WORLD_API_TOKEN_REQUIRED', message: 'The World API needs `Authorization: Bearer <token>`' };
  }
  const match = /^Bearer ([\x21-\x7e]+)$/.exec(header);
  if (!match) return { status: 400, code: 'MALFORMED_AUTHORIZATION', message: 'The Authorization header must be `Bearer <token>`' };
  const given = await digest(match[1] as string);
  const [isOperator, isReader] = await Promise.all([sameSecret(given, tokens.operate), sameSecret(given, tokens.read)]);
  if (isOperator) return 'operate';
  if (isReader) return 'read';
  return { status: 401, code: 'WORLD_API_TOKEN_INVALID', message: 'The bearer token is not a World API token of this Worker' };
}

/** Counts bad tokens per client address in this isolate, and locks an address out for the rest of its window. */
export class BadTokenLimiter {
  readonly #windows = new Map<string, { start: number; failures: number }>();

  constructor(
    private readonly limit = BAD_TOKEN_LIMIT,
    private readonly windowMs = BAD_TOKEN_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A 429 while `address` is locked out, else `null`. */
  check(address: string): AuthFailure | null {
    const window = this.#current(address);
    if (!window || window.failures < this.limit) return null;
    return {
      status: 429,
      code: 'TOO_MANY_BAD_TOKENS',
      message: `Too many requests with a bad token from this address; try again later`,
      retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.windowMs - this.now()) / 1000)),
    };
  }

  fail(address: string): void {
    const window = this.#current(address);
    if (window) {
      window.failures += 1;
      return;
    }
    if (this.#windows.size >= TRACKED_ADDRESSES) this.#windows.delete(this.#windows.keys().next().value as string);
    this.#windows.set(address, { start: this.now(), failures: 1 });
  }

  #current(address: string): { start: number; failures: number } | undefined {
    const window = this.#windows.get(address);
    if (window && this.now() - window.start >= this.windowMs) {
      this.#windows.delete(address);
      return undefined;
    }
    return window;
  }
}

/** The client's address as Cloudflare reports it (`CF-Connecting-IP`); one bucket for requests without it. */
export const clientAddress = (request: Request): string => request.headers.get('cf-connecting-ip') ?? 'unknown';
