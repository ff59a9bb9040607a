/**
 * Source tables: the build turns a generated module's source map into per-function line tables, and
 * `remapFrame` rewrites a V8 call site inside such a function to the user's file — even after a bundler moved
 * and re-indented the function (what wrangler's esbuild and Vite do to the build's output).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSourceTable, readInlineSourceMap } from '../../src/build/index.js';
import { registerSourceTable, remapFrame } from '../../src/source-table.js';

const project = fileURLToPath(new URL('./.tmp-source-table/', import.meta.url));
const SOURCE = `interface Order {
  id: string;
}

export async function chargeCardForTest(order: Order): Promise<string> {
  'use step';
  if (!order.id) {
    throw new Error('no id');
  }
  return order.id;
}
`;

/** A V8 call site as `Error.prepareStackTrace` receives it. */
function site(name: string, line: number, column: number, start: [number, number]) {
  return {
    getFunctionName: () => name,
    getLineNumber: () => line,
    getColumnNumber: () => column,
    getEnclosingLineNumber: () => start[0],
    getEnclosingColumnNumber: () => start[1],
    toString: () => `async ${name} (index.js:${line}:${column})`,
  };
}

let generated = '';

beforeAll(async () => {
  await mkdir(join(project, 'src'), { recursive: true });
  await writeFile(join(project, 'src/orders.ts'), SOURCE);
  // What the DevKit's esbuild pass writes: TS stripped (lines move), an inline map to the source.
  const out = await transform(SOURCE, { loader: 'ts', sourcemap: 'inline', sourcefile: 'src/orders.ts' });
  generated = out.code;
  const map = readInlineSourceMap(generated);
  expect(map).toBeDefined();
  registerSourceTable(buildSourceTable(generated, map!, { mapDir: project, workingDir: project, sourceType: 'module' }));
});
afterAll(() => rm(project, { recursive: true, force: true }));

describe('source tables', () => {
  it("maps a frame inside a user function to the user's file, line and column", () => {
    // In the generated module: `export async function chargeCardForTest` on line 1, `throw new Error` on line 4.
    const lines = generated.split('\n');
    const start = lines.findIndex((l) => l.includes('async function chargeCardForTest')) + 1;
    const throwLine = lines.findIndex((l) => l.includes('throw new Error')) + 1;
    const column = lines[throwLine - 1]!.indexOf('new Error') + 1;
    // The final bundle dropped `export`, put the function at line 500 and indented it by 2.
    const frame = remapFrame(site('chargeCardForTest', 500 + (throwLine - start), column + 2, [500, 3]));
    expect(frame).toBe('async chargeCardForTest (src/orders.ts:8:11)');
  });

  it('keeps frames of functions it has no table for, and names renamed by the bundler (suffix) still match', () => {
    expect(remapFrame(site('somethingElse', 10, 1, [9, 1]))).toBeUndefined();
    expect(remapFrame(site('chargeCardForTest2', 40, 1, [40, 1]))).toBe('async chargeCardForTest2 (src/orders.ts:5:1)');
  });

  it('formats error.stack through Error.prepareStackTrace once registered', () => {
    const error = new Error('plain');
    expect(error.stack).toMatch(/^Error: plain\n {4}at /);
  });
});
