/**
 * Who may call what. Starting a run (`POST /runs/:workflow`), the workflow list, the health check and the
 * DevKit's webhook route are public; a webhook's unguessable token is its credential. Everything that reads a
 * run or acts on it — its status and output, steps, events, hooks and their tokens, stream, hook resumption by
 * token, cancel / pause / resume, test controls — is for operators: `Authorization: Bearer <API_TOKEN>`.
 *
 * Hono's `bearerAuth` compares in constant time (it hashes both sides first). Without `API_TOKEN` set, every
 * operator route answers 401: the template is closed until you choose a token, never open by accident.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { timingSafeEqual } from 'hono/utils/buffer';
import type { Env } from './env.js';

/** Shortest accepted `API_TOKEN`: a short token is a guessable one. */
const MIN_TOKEN_LENGTH = 32;

const failure = (code: string, message: string) => ({ error: { name: 'Unauthorized', code, message } });

function configuredToken(c: Context<{ Bindings: Env }>): string | undefined {
  const token = c.env.API_TOKEN;
  return token !== undefined && token.length >= MIN_TOKEN_LENGTH ? token : undefined;
}

export const operatorsOnly: MiddlewareHandler<{ Bindings: Env }> = bearerAuth({
  realm: 'workflow-example',
  verifyToken: async (token, c) => {
    const expected = configuredToken(c);
    return expected !== undefined && (await timingSafeEqual(expected, token));
  },
  noAuthenticationHeaderMessage: failure('API_TOKEN_REQUIRED', 'This route needs `Authorization: Bearer <API_TOKEN>`'),
  invalidAuthenticationHeaderMessage: failure('MALFORMED_AUTHORIZATION', 'The Authorization header must be `Bearer <token>`'),
  invalidTokenMessage: (c: Context<{ Bindings: Env }>) =>
    configuredToken(c)
      ? failure('API_TOKEN_INVALID', 'The bearer token is not this Worker\'s API_TOKEN')
      : failure('API_TOKEN_NOT_SET', `Operator routes are closed: set the API_TOKEN secret (at least ${MIN_TOKEN_LENGTH} characters)`),
});
