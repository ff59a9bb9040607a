/**
 * The route bodies, checked with zod at the edge (strict: an unknown key is a typo, refused). `input` /
 * `output` are any JSON value; they are stored as UTF-8 JSON bytes, the spec-3 payload type.
 */
import { CloudflareWorldError, zodProblems } from '@workflow-world-cloudflare/core';
import { z } from 'zod';

/** Ids are keys in SQLite and D1; the storage edge allows the same length. */
const Id = z.string().min(1).max(1024);
const Name = z.string().min(1).max(1024);

/** `POST /initialize`. */
export const InitializeBody = z.strictObject({
  runId: Id,
  workflowName: Name,
  deploymentId: Name.optional(),
  input: z.json().optional(),
});

/** A run error as the DevKit runtime sends it: a message, or `{ message, stack? }`. */
const RunError = z.union([z.string(), z.strictObject({ message: z.string(), stack: z.string().optional() })]);

/** `POST /status`: the run transition to make. */
export const StatusBody = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('running') }),
  z.strictObject({ status: z.literal('completed'), output: z.json().optional() }),
  z.strictObject({ status: z.literal('failed'), error: RunError.optional(), errorCode: z.string().max(256).optional() }),
  z.strictObject({ status: z.literal('cancelled') }),
]);

/** `POST /step/start`: creates the step first when it does not exist yet (`stepName` defaults to the id). */
export const StepStartBody = z.strictObject({ stepId: Id, stepName: Name.optional(), input: z.json().optional() });

/** `POST /step/complete`. */
export const StepCompleteBody = z.strictObject({ stepId: Id, output: z.json().optional() });

/**
 * Parses a request body as JSON and checks it against `schema`.
 *
 * @throws CloudflareWorldError `INVALID_ARGUMENT` (400) for a body that is not JSON or does not match, naming
 * every problem; nothing has been written at that point.
 */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S, route: string): Promise<z.output<S>> {
  const text = await request.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    // Only a JSON syntax error can come from JSON.parse on a string; it is the caller's to fix.
    throw new CloudflareWorldError('INVALID_ARGUMENT', `${route}: the body is not JSON`, { cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = zodProblems(parsed.error, '(body)');
    throw new CloudflareWorldError('INVALID_ARGUMENT', `${route}: ${problems.join('; ')}`, {
      cause: parsed.error,
      details: { issues: problems },
    });
  }
  return parsed.data;
}

const encoder = new TextEncoder();

/** A JSON value as the bytes stored for it; `undefined` stays absent. */
export function jsonBytes(value: unknown): Uint8Array | undefined {
  return value === undefined ? undefined : encoder.encode(JSON.stringify(value));
}
