import { parse, type Program } from 'acorn';
import { describe, expect, it } from 'vitest';
import { analyzeBundleScope, bundleParameters } from '../../src/build/index.js';
import { SANDBOX_GLOBALS } from '../../src/index.js';

const program = (code: string) => parse(code, { ecmaVersion: 'latest', sourceType: 'script' }) as Program;

describe('analyzeBundleScope', () => {
  it('separates free identifiers, top-level var/function bindings and lexical declarations', () => {
    const scope = analyzeBundleScope(
      program(`
        var a = 1;
        function f() { return b + arguments.length + a; }
        let c = 2; class D {} const e = Math.random();
        x = 3;
        label: for (;;) { break label; }
        const o = { key: 1, [computed]: 2 }; o.member;
        try { f(); } catch (err) { err; }
      `),
    );
    expect(scope.freeIdentifiers).toEqual(['Math', 'b', 'computed', 'x']);
    expect(scope.topLevelBindings).toEqual(['a', 'f']);
    expect(scope.topLevelLexicals).toEqual(['D', 'c', 'e', 'o']);
    expect(scope.usesTopLevelArguments).toBe(false);
  });

  it('hoists nested var to the top level but keeps block functions and let inside their block', () => {
    const scope = analyzeBundleScope(program('if (y) { var h = 1; let k = 2; } for (var i = 0; i < 1; i++) {} { function g() {} }'));
    expect(scope.topLevelBindings).toEqual(['h', 'i']);
    expect(scope.freeIdentifiers).toEqual(['y']);
  });

  it('finds arguments read outside any non-arrow function', () => {
    expect(analyzeBundleScope(program('const f = () => arguments[0];')).usesTopLevelArguments).toBe(true);
    expect(analyzeBundleScope(program('arguments;')).usesTopLevelArguments).toBe(true);
    expect(analyzeBundleScope(program('function f() { return () => arguments[0]; }')).usesTopLevelArguments).toBe(false);
    expect(analyzeBundleScope(program('const o = { arguments: 1 }; o.arguments;')).usesTopLevelArguments).toBe(false);
    expect(analyzeBundleScope(program('class A { m() { return arguments; } }')).usesTopLevelArguments).toBe(false);
  });
});

describe('bundleParameters', () => {
  it('always shadows what core installs, then the free names, without duplicates', () => {
    const params = bundleParameters(['Math', 'periscopicAnalyze', 'Symbol'], []);
    expect(params.slice(0, SANDBOX_GLOBALS.length)).toEqual([...SANDBOX_GLOBALS]);
    expect(params.slice(SANDBOX_GLOBALS.length)).toEqual(['periscopicAnalyze', 'Symbol']);
  });

  it('drops names declared with let/const/class at top level, and the immutable globals', () => {
    const params = bundleParameters(['undefined', 'NaN', 'Infinity', 'foo'], ['console', 'Date', 'foo']);
    expect(params).not.toContain('console');
    expect(params).not.toContain('Date');
    expect(params).not.toContain('foo');
    expect(params).not.toContain('undefined');
    expect(params).not.toContain('NaN');
    expect(params).toContain('process');
  });
});
