import type { Node } from 'acorn';
import { WorkflowBuildError } from './errors.js';
import { parseOrThrow } from './parse.js';

/** The DevKit flow handler file, split around its embedded bundle. */
export interface FlowFile {
  /** Cooked text of the `workflowCode` template literal: the bundle core would evaluate. */
  workflowCode: string;
  /** The flow file with the literal replaced by `WORKFLOW_BUNDLE_KEY` imported from `bundleImport`. */
  rewrite(bundleImport: string): string;
}

interface TemplateNode extends Node {
  type: 'TemplateLiteral';
  expressions: Node[];
  quasis: { value: { cooked: string | null | undefined } }[];
}

function isWorkflowCodeDeclarator(node: unknown): node is { id: { name: string }; init: TemplateNode } {
  const d = node as { type?: string; id?: { type?: string; name?: string }; init?: { type?: string } };
  return d.type === 'VariableDeclarator' && d.id?.name === 'workflowCode' && d.init?.type === 'TemplateLiteral';
}

/**
 * Reads the flow file `BaseBuilder.createWorkflowsBundle({ bundleFinalOutput: false })` writes
 * (`const workflowCode = \`…\`; export const POST = workflowEntrypoint(workflowCode);`). The bundle
 * is the template literal's cooked value, taken from the parse tree: nothing is evaluated.
 *
 * @throws WorkflowBuildError `FLOW_FILE_UNRECOGNIZED`
 */
export function readFlowFile(source: string): FlowFile {
  const program = parseOrThrow(source, 'module', 'FLOW_FILE_UNRECOGNIZED', 'DevKit flow file does not parse');
  let literal: TemplateNode | undefined;
  for (const statement of program.body) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const declarator of statement.declarations) {
      if (isWorkflowCodeDeclarator(declarator)) literal = declarator.init;
    }
  }
  const cooked = literal?.quasis[0]?.value.cooked;
  if (!literal || literal.expressions.length > 0 || literal.quasis.length !== 1 || typeof cooked !== 'string') {
    throw new WorkflowBuildError(
      'FLOW_FILE_UNRECOGNIZED',
      'DevKit flow file has no `const workflowCode = `…`` without substitutions; is @workflow/builders the pinned version?',
    );
  }
  const { start, end } = literal;
  return {
    workflowCode: cooked,
    rewrite: (bundleImport) =>
      `import { WORKFLOW_BUNDLE_KEY } from ${JSON.stringify(bundleImport)};\n` +
      source.slice(0, start) +
      'WORKFLOW_BUNDLE_KEY' +
      source.slice(end),
  };
}
