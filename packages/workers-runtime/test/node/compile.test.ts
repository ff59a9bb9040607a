import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileWorkflowBundle, readFlowFile, stripInlineSourceMap, WorkflowBuildError } from '../../src/build/index.js';

const tmp = fileURLToPath(new URL('./.tmp/', import.meta.url));
afterAll(() => rm(tmp, { recursive: true, force: true }));

function buildError(fn: () => unknown): WorkflowBuildError {
  try {
    fn();
  } catch (error) {
    if (WorkflowBuildError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a WorkflowBuildError');
}

/** Imports a compiled module against a stub registry and returns its factory. */
async function load(code: string, name: string) {
  await mkdir(tmp, { recursive: true });
  const registry = `${tmp}${name}-registry.mjs`;
  await writeFile(registry, 'export const registered = new Map();\nexport function registerWorkflowBundle(k, f) { registered.set(k, f); }\n');
  const compiled = compileWorkflowBundle(code, { runtimeImport: pathToFileURL(registry).href });
  const file = `${tmp}${name}.mjs`;
  await writeFile(file, compiled.module);
  await import(pathToFileURL(file).href);
  const { registered } = (await import(pathToFileURL(registry).href)) as { registered: Map<string, (s: object) => Record<string, unknown>> };
  const factory = registered.get(compiled.key);
  if (!factory) throw new Error('module did not register its bundle');
  return { compiled, factory };
}

const MAP = '//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozfQ==';

describe('compileWorkflowBundle', () => {
  it('reads every free name from the sandbox and mirrors top-level var/function onto it', async () => {
    const { compiled, factory } = await load(
      `globalThis.__private_workflows = new Map();
       var r = Math.random();
       var stamp = Date.now();
       function who() { return this; }
       var missing = typeof notDefinedAnywhere;
       var top = this;
       globalThis.__private_workflows.set('wf', who);
       // Documented difference: a free name is read once, when the bundle starts.
       var before = typeof lateGlobal; globalThis.lateGlobal = 1; var after = typeof lateGlobal;`,
      'semantics',
    );
    const sandbox: Record<string, unknown> = {
      Math: { random: () => 0.25 },
      Date: { now: () => 42 },
      Map,
    };
    sandbox.globalThis = sandbox;
    const bindings = factory(sandbox);
    expect(bindings).toMatchObject({ r: 0.25, stamp: 42, missing: 'undefined', before: 'undefined', after: 'undefined' });
    expect(bindings.top).toBe(sandbox);
    const who = bindings.who as () => unknown;
    expect(who()).toBeUndefined(); // strict mode: a plain call's `this`
    expect((sandbox.__private_workflows as Map<string, unknown>).get('wf')).toBe(bindings.who);
    expect(compiled.parameters).toEqual(expect.arrayContaining(['Map', 'notDefinedAnywhere', 'lateGlobal']));
    expect(compiled.bindings).toEqual(['after', 'before', 'missing', 'r', 'stamp', 'top', 'who']);
  });

  it('keeps a top-level let/const/class out of the parameters so the module still parses', async () => {
    const { compiled, factory } = await load('const console = { log() {} }; class Date {} let crypto = 1; var process = 2;', 'lexical');
    expect(compiled.parameters).not.toEqual(expect.arrayContaining(['console']));
    expect(compiled.parameters).not.toContain('Date');
    expect(compiled.parameters).not.toContain('crypto');
    expect(compiled.parameters).toContain('process');
    const sandbox: Record<string, unknown> = {};
    sandbox.globalThis = sandbox;
    expect(factory(sandbox)).toEqual({ process: 2 });
  });

  it('refuses bundles that reference eval or top-level arguments', () => {
    expect(buildError(() => compileWorkflowBundle('eval("1 + 1")')).code).toBe('BUNDLE_USES_EVAL');
    expect(buildError(() => compileWorkflowBundle('const run = () => eval;')).code).toBe('BUNDLE_USES_EVAL');
    expect(buildError(() => compileWorkflowBundle('var first = arguments[0];')).code).toBe('BUNDLE_USES_ARGUMENTS');
    expect(() => compileWorkflowBundle('function f() { return arguments[0]; } var o = { eval: 1 }; o.eval;')).not.toThrow();
  });

  it('refuses sloppy-only code and code that does not parse as a script', () => {
    expect(buildError(() => compileWorkflowBundle('with (Math) { PI; }')).code).toBe('BUNDLE_NOT_STRICT_SAFE');
    expect(buildError(() => compileWorkflowBundle('var n = 010;')).code).toBe('BUNDLE_NOT_STRICT_SAFE');
    expect(buildError(() => compileWorkflowBundle('var let = 1;')).code).toBe('BUNDLE_NOT_STRICT_SAFE');
    expect(buildError(() => compileWorkflowBundle('export const x = 1;')).code).toBe('BUNDLE_UNPARSABLE');
    expect(buildError(() => compileWorkflowBundle('var = ;')).code).toBe('BUNDLE_UNPARSABLE');
  });

  it('strips the inline source map and keys by the code without it', () => {
    const mapped = compileWorkflowBundle(`var a = 1;\n${MAP}\n`);
    const remapped = compileWorkflowBundle(`var a = 1;\n${MAP.replace('eyJ2', 'eyJ3')}\n`);
    const plain = compileWorkflowBundle('var a = 1;\n');
    expect(mapped.module).not.toContain('sourceMappingURL');
    expect(remapped.key).toBe(mapped.key);
    expect(mapped.key).toMatch(/^wwc-workflow-bundle:[0-9a-f]{32}$/);
    expect(compileWorkflowBundle('var a = 2;\n').key).not.toBe(plain.key);
    expect(compileWorkflowBundle('var a = 1;\n').key).toBe(plain.key);
  });

  it('leaves source-map text inside strings alone', () => {
    const code = `var s = "${MAP}";\n${MAP}`;
    expect(stripInlineSourceMap(code)).toBe(`var s = "${MAP}";\n`);
  });
});

describe('readFlowFile', () => {
  const flow = [
    "import { workflowEntrypoint } from 'workflow/runtime';",
    'const workflowCode = `var tick = "\\`"; var tpl = "\\${x}"; var slash = "\\\\";`;',
    'export const POST = workflowEntrypoint(workflowCode);',
  ].join('\n');

  it('takes the cooked template text without evaluating anything', () => {
    expect(readFlowFile(flow).workflowCode).toBe('var tick = "`"; var tpl = "${x}"; var slash = "\\";');
  });

  it('replaces the literal with the imported registry key', () => {
    const rewritten = readFlowFile(flow).rewrite('./workflows-bundle.js');
    expect(rewritten).toContain('import { WORKFLOW_BUNDLE_KEY } from "./workflows-bundle.js";');
    expect(rewritten).toContain('const workflowCode = WORKFLOW_BUNDLE_KEY;');
    expect(rewritten).not.toContain('var tick');
  });

  it('refuses flow files of another shape', () => {
    expect(buildError(() => readFlowFile('export const POST = 1;')).code).toBe('FLOW_FILE_UNRECOGNIZED');
    expect(buildError(() => readFlowFile('const workflowCode = `a${b}`;')).code).toBe('FLOW_FILE_UNRECOGNIZED');
    expect(buildError(() => readFlowFile('const workflowCode = "x";')).code).toBe('FLOW_FILE_UNRECOGNIZED');
  });
});
