import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { eachMapping, type EncodedSourceMap, TraceMap } from '@jridgewell/trace-mapping';
import { parse } from 'acorn';
import type { SourceTable, SourceTableFunction } from '../source-table.js';
import { type AnyNode, children } from './scope.js';

const INLINE_MAP = /\/\/[#@]\s*sourceMappingURL=data:application\/json(?:;charset=[\w-]+)?;base64,([A-Za-z0-9+/=]+)\s*$/;

/** The inline (base64) source map at the end of `code`, if any. */
export function readInlineSourceMap(code: string): EncodedSourceMap | undefined {
  const match = INLINE_MAP.exec(code);
  return match?.[1] ? (JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as EncodedSourceMap) : undefined;
}

/** Where a generated module's map and its sources live, to name sources relative to the project. */
export interface SourceTableOptions {
  /** Directory the map's relative `sources` are relative to (the generated file's directory). */
  mapDir: string;
  /** Project root: sources are named relative to it (`src/workflows/orders.ts`). */
  workingDir: string;
  sourceType: 'script' | 'module';
}

type Segment = [generatedColumn: number, source: number, line: number, column: number];

/** The name V8 reports for a function node (`CallSite.getFunctionName()`), declared or inferred. */
function functionName(node: AnyNode, parent: AnyNode | undefined): string | undefined {
  const id = node.id as { name?: string } | null | undefined;
  if (id?.name) return id.name;
  if (!parent) return undefined;
  const key = (parent.key ?? parent.id ?? parent.left) as { type?: string; name?: string } | undefined;
  if ((parent.type === 'VariableDeclarator' || parent.type === 'AssignmentExpression') && key?.type === 'Identifier') {
    return key.name;
  }
  if ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && key?.type === 'Identifier') {
    return key.name;
  }
  return undefined;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/**
 * A table of the user's functions in a generated module: for each named function whose code maps to a project
 * file (not `node_modules`), the mapping of each of its lines back to the user's source. The runtime
 * (`registerSourceTable`) uses it to rewrite stack frames: the final bundler (wrangler's esbuild, Vite) moves
 * functions, but keeps the lines inside a function, and V8 tells where the enclosing function starts.
 */
export function buildSourceTable(code: string, map: EncodedSourceMap, options: SourceTableOptions): SourceTable {
  const tracer = new TraceMap(map);
  const byLine = new Map<number, Segment[]>();
  const sources: string[] = [];
  const sourceIndex = new Map<string, number>();
  const userSource = (source: string | null): number | undefined => {
    if (!source || source.includes('node_modules')) return undefined;
    const file = resolve(options.mapDir, source);
    const name = relative(options.workingDir, file).split(sep).join('/');
    if (name.startsWith('..') || !existsSync(file)) return undefined;
    let index = sourceIndex.get(name);
    if (index === undefined) {
      index = sources.push(name) - 1;
      sourceIndex.set(name, index);
    }
    return index;
  };
  eachMapping(tracer, (m) => {
    const source = m.originalLine === null ? undefined : userSource(m.source);
    if (source === undefined || m.originalLine === null || m.originalColumn === null) return;
    const segments = byLine.get(m.generatedLine) ?? [];
    segments.push([m.generatedColumn, source, m.originalLine, m.originalColumn]);
    byLine.set(m.generatedLine, segments);
  });
  const program = parse(code, { ecmaVersion: 'latest', sourceType: options.sourceType, locations: true });
  const codeLines = code.split('\n');
  const functions: SourceTableFunction[] = [];
  const stack: { node: AnyNode; parent: AnyNode | undefined }[] = [{ node: program as unknown as AnyNode, parent: undefined }];
  while (stack.length > 0) {
    const { node, parent } = stack.pop() as (typeof stack)[number];
    for (const child of children(node)) stack.push({ node: child, parent: node });
    if (!FUNCTION_TYPES.has(node.type) || !node.loc) continue;
    const name = functionName(node, parent);
    const first = byLine.get(node.loc.start.line);
    if (!name || !first) continue;
    const lines: Segment[][] = [];
    for (let line = node.loc.start.line; line <= node.loc.end.line; line++) lines.push(byLine.get(line) ?? []);
    // Bundlers drop `export` before a declaration: measure the function from where it will start then.
    const header = codeLines[node.loc.start.line - 1]!.slice(0, node.loc.start.column);
    const exported = /(?:^|\s)export\s+(?:default\s+)?$/.exec(header);
    functions.push({ name, column: node.loc.start.column - (exported ? exported[0].trimStart().length : 0), lines });
  }
  return { sources, functions };
}
