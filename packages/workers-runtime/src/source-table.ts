/**
 * Stack traces that name the user's files. The build keeps the DevKit's source maps as small tables (one per
 * generated module, see `build/source-table.ts`); the generated modules register them here, and the first
 * registration installs an `Error.prepareStackTrace` that rewrites the frames of those functions. V8 formats
 * `error.stack` through that hook, so the DevKit's `step_failed` / `run_failed` events, `console.error` and the
 * app's own handlers all see `src/workflows/orders.ts:12:11` instead of a position in the Worker bundle.
 */

/** One user function: its first column in the generated module and, per line, `[generatedColumn, source, line, column]`. */
export interface SourceTableFunction {
  name: string;
  /** 0-based column where the function starts in the generated module. */
  column: number;
  /** Mappings of each line of the function, first line first (lines 1-based, columns 0-based). */
  lines: [number, number, number, number][][];
}

/** What a generated module registers: the user's source names and its functions. */
export interface SourceTable {
  sources: string[];
  functions: SourceTableFunction[];
}

interface CallSite {
  getFunctionName(): string | null;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  getEnclosingLineNumber?(): number | null;
  getEnclosingColumnNumber?(): number | null;
  toString(): string;
}

type PrepareStackTrace = (error: Error, sites: CallSite[]) => unknown;

const byName = new Map<string, { table: SourceTable; fn: SourceTableFunction }[]>();
let installed = false;

/** Registers a generated module's table; called by the modules `workflow-world-cloudflare build` writes. */
export function registerSourceTable(table: SourceTable): void {
  for (const fn of table.functions) byName.set(fn.name, [...(byName.get(fn.name) ?? []), { table, fn }]);
  if (installed) return;
  installed = true;
  const ErrorConstructor = Error as unknown as { prepareStackTrace?: PrepareStackTrace };
  const previous = ErrorConstructor.prepareStackTrace;
  ErrorConstructor.prepareStackTrace = (error, sites) => {
    const frames = sites.map(remapFrame);
    if (previous && frames.every((frame) => frame === undefined)) return previous(error, sites);
    const header = headerOf(error);
    return [header, ...sites.map((site, i) => `    at ${frames[i] ?? String(site)}`)].join('\n');
  };
}

function headerOf(error: Error): string {
  try {
    return Error.prototype.toString.call(error);
  } catch (cause) {
    // An error whose name or message getter throws: V8 prints a placeholder too.
    return `<error: ${String(cause)}>`;
  }
}

/** The frame with its location in the user's source, or `undefined` when it is not a user function. */
export function remapFrame(site: CallSite): string | undefined {
  const name = site.getFunctionName();
  if (!name) return undefined;
  const candidates = byName.get(name) ?? byName.get(name.replace(/\d+$/, ''));
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  const startLine = site.getEnclosingLineNumber?.();
  const startColumn = site.getEnclosingColumnNumber?.();
  if (!candidates || line == null || column == null || startLine == null || startColumn == null) return undefined;
  const { table, fn } = candidates[0]!;
  const offset = line - startLine;
  const segments = fn.lines[offset];
  if (offset < 0 || !segments || segments.length === 0) return undefined;
  // Bundlers re-indent a function as a whole: shift by how far its start moved.
  const generatedColumn = offset === 0 ? fn.column + (column - startColumn) : column - 1 - (startColumn - 1 - fn.column);
  let segment = segments[0]!;
  for (const candidate of segments) if (candidate[0] <= generatedColumn) segment = candidate;
  const location = `${table.sources[segment[1]]}:${segment[2]}:${segment[3] + 1}`;
  const text = String(site);
  return /\(.*\)$/.test(text) ? text.replace(/\([^()]*\)$/, `(${location})`) : `${text.replace(/\S+$/, '')}${location}`;
}
