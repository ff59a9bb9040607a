/**
 * Errors that are ours, not the DevKit's. At the World boundary we throw the `@workflow/errors` classes
 * unchanged (the runtime matches them by name); everything else is a `CloudflareWorldError` with a code.
 */

/**
 * Every failure of our own, as a string literal. User errors are the caller's to fix; system errors are
 * the platform's (retry, or look at the binding).
 */
export type CloudflareWorldErrorCode =
  // -- user errors --
  /** Configuration (env vars or options) failed validation. */
  | 'CONFIG_INVALID'
  /** A binding the World needs is absent or of the wrong kind. */
  | 'BINDING_MISSING'
  /** An event request failed the DevKit's own schema, or names an event type clients may not create. */
  | 'INVALID_EVENT'
  /** A read's arguments are wrong (limit out of range, malformed cursor, bad id). */
  | 'INVALID_ARGUMENT'
  /** A payload is bigger than the World accepts (see `maxPayloadBytes`). */
  | 'PAYLOAD_TOO_LARGE'
  /** A run stored at spec version 1 (pre event sourcing): this World never writes or serves those. */
  | 'LEGACY_RUN_UNSUPPORTED'
  /** A queue message or HTTP delivery is malformed. */
  | 'INVALID_MESSAGE'
  /** A flow/step HTTP delivery did not carry a valid signature. */
  | 'UNAUTHORIZED'
  /** A workflow bundle was asked to evaluate code the build did not register. */
  | 'CODE_NOT_REGISTERED'
  /** The DevKit was used (`start()`, `getRun()`, …) before a Worker entry installed this World. */
  | 'WORLD_NOT_INSTALLED'
  /** The DevKit created or used another World before this one was installed; its handlers are on that World. */
  | 'WRONG_WORLD'
  // -- system errors --
  /** A payload reference points at an R2 object that is gone. */
  | 'BLOB_MISSING'
  /** The D1 index could not be written or read. */
  | 'INDEX_UNAVAILABLE'
  /** A stored row could not be decoded (corruption or a newer writer). */
  | 'CORRUPT_ROW';

const USER_CODES: ReadonlySet<CloudflareWorldErrorCode> = new Set([
  'CONFIG_INVALID',
  'BINDING_MISSING',
  'INVALID_EVENT',
  'INVALID_ARGUMENT',
  'PAYLOAD_TOO_LARGE',
  'LEGACY_RUN_UNSUPPORTED',
  'INVALID_MESSAGE',
  'UNAUTHORIZED',
  'CODE_NOT_REGISTERED',
  'WORLD_NOT_INSTALLED',
  'WRONG_WORLD',
]);

/** HTTP status a code maps to when it crosses an HTTP surface. */
const STATUS: Record<CloudflareWorldErrorCode, number> = {
  CONFIG_INVALID: 500,
  BINDING_MISSING: 500,
  INVALID_EVENT: 400,
  INVALID_ARGUMENT: 400,
  PAYLOAD_TOO_LARGE: 413,
  LEGACY_RUN_UNSUPPORTED: 400,
  INVALID_MESSAGE: 400,
  UNAUTHORIZED: 401,
  CODE_NOT_REGISTERED: 500,
  WORLD_NOT_INSTALLED: 500,
  WRONG_WORLD: 500,
  BLOB_MISSING: 500,
  INDEX_UNAVAILABLE: 503,
  CORRUPT_ROW: 500,
};

/**
 * A failure of workflow-world-cloudflare itself.
 *
 * @example
 * ```ts
 * if (CloudflareWorldError.is(err) && err.code === 'PAYLOAD_TOO_LARGE') return new Response(err.message, { status: 413 });
 * ```
 */
export class CloudflareWorldError<
  Code extends CloudflareWorldErrorCode = CloudflareWorldErrorCode,
> extends Error {
  override readonly name = 'CloudflareWorldError';
  readonly code: Code;
  readonly status: number;
  /** Structured details (field paths, limits) for logs and HTTP bodies. */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: Code,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = STATUS[code];
    this.details = options?.details;
  }

  /** True when the caller, not the platform, must fix something. */
  get isUserError(): boolean {
    return USER_CODES.has(this.code);
  }

  /** Name-based check: `instanceof` fails across bundles and RPC boundaries. */
  static is(value: unknown): value is CloudflareWorldError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'CloudflareWorldError' &&
      typeof (value as { code?: unknown }).code === 'string'
    );
  }
}
