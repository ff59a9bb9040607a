/// <reference types="@cloudflare/vitest-plugin/types" />
// Row builders shared by the index tests. Each test uses its own ids and time range, so tests never see
// each other's rows whether or not storage is isolated between them.
import type { CursorPosition, PageRequest } from '@workflow-world-cloudflare/core';
import { env } from 'cloudflare:test';
import { createD1Index } from '../src/index.js';
import type { HookIndexRow, RunIndexRow } from '../src/index.js';

export const index = () => createD1Index(env.DB);

let counter = 0;
/** A fresh id prefix for one test. */
export const unique = (label: string) => `${label}_${Date.now().toString(36)}_${(counter++).toString(36)}`;

export function runRow(runId: string, over: Partial<RunIndexRow> = {}): RunIndexRow {
  return {
    runId,
    workflowName: 'wf',
    status: 'pending',
    deploymentId: 'dpl_1',
    createdAt: 1_000,
    updatedAt: 1_000,
    version: 1,
    data: JSON.stringify({ runId }),
    ...over,
  };
}

export function hookRow(hookId: string, runId: string, over: Partial<HookIndexRow> = {}): HookIndexRow {
  return { hookId, runId, token: `tok_${hookId}`, createdAt: 1_000, data: '{}', ...over };
}

export function page(limit: number, sortOrder: 'asc' | 'desc', after: CursorPosition | null = null): PageRequest {
  return { limit, sortOrder, after };
}
