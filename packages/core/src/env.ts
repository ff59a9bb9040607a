/**
 * Binding names used everywhere (README, example wrangler.jsonc, tests). Packages type the bindings they
 * take narrowly; this is the union a Worker running the whole World declares.
 */
import type { WorldConfigInput } from './config.js';

export const BINDING = {
  /** D1: the cross-run index (runs by name/status, hook tokens, step/correlation/stream lookups). */
  DB: 'DB',
  /** R2: large payloads and stream chunks. */
  BUCKET: 'BUCKET',
  /** KV: read-through cache of immutable data only (terminal runs, completed step outputs). */
  CACHE: 'CACHE',
  /** Queue producer: the at-least-once delivery path. */
  WORKFLOW_QUEUE: 'WORKFLOW_QUEUE',
  /** Durable Object namespace of `WorkflowRunObject`: one object per run, the authority for that run. */
  WORKFLOW_RUN: 'WORKFLOW_RUN',
} as const;

export type BindingName = keyof typeof BINDING;

/** Configuration vars as they arrive from `wrangler.jsonc` `vars` (strings) or code (numbers). */
export type WorldVars = { [K in keyof WorldConfigInput]?: WorldConfigInput[K] | string };
