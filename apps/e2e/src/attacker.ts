/**
 * What an outsider can compute about a run from its public fields, with the DevKit's own libraries at the
 * versions `@workflow/core` 4.8.9 pins: its sandbox seeds `seedrandom` with `runId:workflowName:startedAt`, the
 * correlation id of `createWebhook()` draws a ULID from it, then the token draws a nanoid. On a World whose
 * sandbox randomness is keyed by a server secret, the result must not be the run's token.
 */
import { customRandom, urlAlphabet } from 'nanoid';
import seedrandom from 'seedrandom';
import { monotonicFactory } from 'ulid';

export interface PublicRunFields {
  runId: string;
  workflowName: string;
  startedAt: string;
}

/** The token of the first hook a run creates (its first random draws), as the public seed gives it. */
export function publicSeedHookToken(run: PublicRunFields): string {
  const random = seedrandom(`${run.runId}:${run.workflowName}:${Date.parse(run.startedAt)}`);
  const ulid = monotonicFactory(() => random());
  const nanoid = customRandom(urlAlphabet, 21, (size) => new Uint8Array(size).map(() => 256 * random()));
  ulid(Date.parse(run.startedAt)); // the hook's correlation id, drawn first
  return nanoid();
}
