import type { Node, Program } from 'acorn';
import { analyze } from 'periscopic';

/** What the precompiler needs to know about a bundle's names. */
export interface BundleScope {
  /** Names read or written but declared nowhere in the bundle (sorted; `arguments` excluded). */
  freeIdentifiers: string[];
  /** Top-level `var` and `function` names: node:vm makes them properties of the global. */
  topLevelBindings: string[];
  /** Top-level `let`/`const`/`class` names: they cannot share a name with a parameter. */
  topLevelLexicals: string[];
  /** True when `arguments` is read outside every non-arrow function. */
  usesTopLevelArguments: boolean;
}

export type AnyNode = Node & Record<string, unknown>;
type PeriscopicInput = Parameters<typeof analyze>[0];

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Child nodes of an acorn node, in source order (shared by the scope analysis and the source tables). */
export function children(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type' || key === 'start' || key === 'end' || key === 'loc') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) {
      out.push(value);
    }
  }
  return out;
}

/** An identifier in a position that names a binding's value (not a property key or a label). */
function isValueReference(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression':
      return parent.computed === true || parent.object === node;
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return parent.computed === true || parent.key !== node || parent.shorthand === true;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false;
    default:
      return true;
  }
}

function readsTopLevelArguments(program: Program): boolean {
  // Iterative walk: bundles are large and deeply nested.
  const stack: { node: AnyNode; parent: AnyNode | undefined; inFunction: boolean }[] = [
    { node: program as unknown as AnyNode, parent: undefined, inFunction: false },
  ];
  while (stack.length > 0) {
    const { node, parent, inFunction } = stack.pop() as (typeof stack)[number];
    if (!inFunction && node.type === 'Identifier' && node.name === 'arguments' && isValueReference(node, parent)) {
      return true;
    }
    const entersFunction = inFunction || node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression';
    for (const child of children(node)) stack.push({ node: child, parent: node, inFunction: entersFunction });
  }
  return false;
}

/**
 * Scope facts of a parsed workflow bundle (a script). Free identifiers come from `periscopic`;
 * a false positive (e.g. the inner name of a class expression) only adds a parameter that the
 * inner binding shadows, while a miss would let the bundle read the isolate's global, so the
 * analysis errs towards "free".
 */
export function analyzeBundleScope(program: Program): BundleScope {
  const { scope, globals } = analyze(program as unknown as PeriscopicInput);
  const topLevelBindings: string[] = [];
  const topLevelLexicals: string[] = [];
  for (const [name, declaration] of scope.declarations) {
    const node = declaration as { type: string; kind?: string };
    const lexical =
      node.type === 'ClassDeclaration' || (node.type === 'VariableDeclaration' && node.kind !== 'var');
    (lexical ? topLevelLexicals : topLevelBindings).push(name);
  }
  return {
    freeIdentifiers: [...globals.keys()].filter((name) => name !== 'arguments').sort(),
    topLevelBindings: topLevelBindings.sort(),
    topLevelLexicals: topLevelLexicals.sort(),
    usesTopLevelArguments: readsTopLevelArguments(program),
  };
}
