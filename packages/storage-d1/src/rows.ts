/**
 * The one mapper per table from a D1 row to the index's public row. D1 is an edge: rows are parsed with zod,
 * and a row that does not parse is `CORRUPT_ROW` (a newer writer or a hand edit), never silently passed on.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { WorkflowRunStatusSchema } from '@workflow/world';
import { z } from 'zod';
import type { HookIndexRow, RunIndexRow, TokenOwner } from './types.js';

const RunRowSchema = z.object({
  run_id: z.string(),
  workflow_name: z.string(),
  status: WorkflowRunStatusSchema,
  deployment_id: z.string(),
  created_at: z.number().int(),
  updated_at: z.number().int(),
  version: z.number().int(),
  data: z.string(),
});

const HookRowSchema = z.object({
  hook_id: z.string(),
  run_id: z.string(),
  token: z.string(),
  created_at: z.number().int(),
  data: z.string(),
});

const OwnerRowSchema = z.object({ run_id: z.string(), hook_id: z.string() });

function parseRow<T>(schema: z.ZodType<T>, table: string, row: unknown): T {
  const parsed = schema.safeParse(row);
  if (!parsed.success) {
    throw new CloudflareWorldError('CORRUPT_ROW', `Unreadable ${table} row: ${parsed.error.message}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export function toRunIndexRow(row: unknown): RunIndexRow {
  const r = parseRow(RunRowSchema, 'wf_runs', row);
  return {
    runId: r.run_id,
    workflowName: r.workflow_name,
    status: r.status,
    deploymentId: r.deployment_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    data: r.data,
  };
}

export function toHookIndexRow(row: unknown): HookIndexRow {
  const r = parseRow(HookRowSchema, 'wf_hooks', row);
  return { hookId: r.hook_id, runId: r.run_id, token: r.token, createdAt: r.created_at, data: r.data };
}

export function toTokenOwner(row: unknown): TokenOwner {
  const r = parseRow(OwnerRowSchema, 'wf_hook_tokens', row);
  return { runId: r.run_id, hookId: r.hook_id };
}
