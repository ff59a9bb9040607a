import { describe, expect, inject, it } from 'vitest';
import {
  createContext,
  getWorkflowBundle,
  isContext,
  registerWorkflowBundle,
  runInContext,
  Script,
} from '../../src/index.js';
import vm from '../../src/vm.js';
import { createTestRun, replay, workflowId, WORKFLOW_BUNDLE_KEY } from './harness.js';

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown }).code;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('node:vm replacement', () => {
  it('gives each context its own Math and the realm intrinsics, and never touches the real ones', () => {
    const a = createContext();
    const b = createContext();
    const mathA = a.Math as Math;
    expect(runInContext('globalThis', a)).toBe(a);
    expect(a.globalThis).toBe(a);
    expect(mathA).not.toBe(Math);
    expect(mathA).not.toBe(b.Math);
    expect(mathA.PI).toBe(Math.PI);
    expect(a.Object).toBe(Object);
    expect(a.Promise).toBe(Promise);
    mathA.random = () => 0.5;
    expect(Math.random).not.toBe(mathA.random);
    expect((b.Math as Math).random).toBe(Math.random);
    // Like a fresh node:vm context: ECMAScript built-ins only, core adds the Web APIs it allows.
    expect('fetch' in a).toBe(false);
    expect(Object.keys(a)).toEqual([]);
    expect(isContext(a)).toBe(true);
    expect(isContext({})).toBe(false);
  });

  it('answers the workflow lookup expression, reading the name as JSON', () => {
    const ctx = createContext();
    const fn = () => 'found';
    ctx.__private_workflows = new Map([['workflow//./a "quoted"\\name', fn]]);
    expect(runInContext('globalThis.__private_workflows?.get("workflow//./a \\"quoted\\"\\\\name")', ctx)).toBe(fn);
    expect(runInContext('globalThis.__private_workflows?.get("other")', ctx)).toBeUndefined();
    expect(runInContext('globalThis.__private_workflows?.get("x")', createContext())).toBeUndefined();
  });

  it('refuses code the build did not register with CODE_NOT_REGISTERED', () => {
    const ctx = createContext();
    const samples = [
      '1 + 1',
      'globalThis.__private_workflows?.get("a");fetch("https://evil")',
      'globalThis.__private_workflows?.get("a" + x)',
      'globalThis.__private_workflows?.get(`a`)',
      ' globalThis',
      'wwc-workflow-bundle:00000000000000000000000000000000',
    ];
    for (const code of samples) {
      const error = thrown(() => new Script(code));
      expect(codeOf(error), code).toBe('CODE_NOT_REGISTERED');
      expect((error as Error).name).toBe('CloudflareWorldError');
      expect(codeOf(thrown(() => vm.runInContext(code, ctx)))).toBe('CODE_NOT_REGISTERED');
    }
    expect(codeOf(thrown(() => new Script('globalThis').runInThisContext()))).toBe('CODE_NOT_REGISTERED');
    expect(codeOf(thrown(() => registerWorkflowBundle('not-a-key', () => undefined)))).toBe('CODE_NOT_REGISTERED');
  });

  it('refuses a context it did not create, as node:vm does', () => {
    expect(thrown(() => runInContext('globalThis', {}))).toBeInstanceOf(TypeError);
  });

  it('makes runWorkflow fail with CODE_NOT_REGISTERED when handed source text', async () => {
    const test = await createTestRun(workflowId('sequential', 'sequential'), [1], 'wrun_source_text');
    const outcome = await replay(test, 'globalThis.__private_workflows = new Map();');
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'failed') expect(codeOf(outcome.error)).toBe('CODE_NOT_REGISTERED');
  });

  it('registers the fixture bundle under the key the build reported', () => {
    expect(WORKFLOW_BUNDLE_KEY).toBe(inject('fixture').bundleKey);
    expect(inject('fixture').workflowIds).toContain(workflowId('sequential', 'sequential'));
  });

  it('keeps the first factory when a key is registered again (a module evaluated twice)', () => {
    const first = getWorkflowBundle(WORKFLOW_BUNDLE_KEY);
    registerWorkflowBundle(WORKFLOW_BUNDLE_KEY, () => ({ replaced: true }));
    expect(getWorkflowBundle(WORKFLOW_BUNDLE_KEY)).toBe(first);
  });

  it('mirrors top-level var/function bindings onto the context', () => {
    const ctx = createContext();
    // What core installs before evaluating: the bundle calls these at top level.
    for (const name of ['WORKFLOW_USE_STEP', 'WORKFLOW_CREATE_HOOK', 'WORKFLOW_SLEEP', 'WORKFLOW_GET_STREAM_ID']) {
      ctx[Symbol.for(name)] = () => () => undefined;
    }
    runInContext(WORKFLOW_BUNDLE_KEY, ctx);
    expect(ctx.__private_workflows).toBeInstanceOf(Map);
    expect(typeof ctx.sequential).toBe('function');
    expect(typeof ctx.__name).toBe('function');
  });
});
