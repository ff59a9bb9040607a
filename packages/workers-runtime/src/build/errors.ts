/**
 * Build-time failures. They happen in Node, before anything is deployed, so they are not World
 * errors; each code names what the user has to change.
 */
export type WorkflowBuildErrorCode =
  /** The DevKit flow file does not hold `const workflowCode = \`…\`` as expected (DevKit version drift). */
  | 'FLOW_FILE_UNRECOGNIZED'
  /** The workflow bundle is not valid JavaScript. */
  | 'BUNDLE_UNPARSABLE'
  /** The bundle reads the global `eval`: string evaluation cannot work in Workers. */
  | 'BUNDLE_USES_EVAL'
  /** The bundle reads `arguments` outside any function: it would see the wrapper's arguments. */
  | 'BUNDLE_USES_ARGUMENTS'
  /** The bundle is sloppy-mode-only code (e.g. `with`, octal literals) and cannot run inside a module. */
  | 'BUNDLE_NOT_STRICT_SAFE'
  /** A `--dir` (or `--entry`) given to the build does not exist. */
  | 'INPUT_NOT_FOUND'
  /** The DevKit found no `"use workflow"` function in the given directories. */
  | 'NO_WORKFLOWS'
  /** The Worker entry could not be bundled with the DevKit's client transform. */
  | 'ENTRY_BUILD_FAILED';

/**
 * A workflow bundle that cannot be precompiled for workerd.
 *
 * @example
 * ```ts
 * if (WorkflowBuildError.is(err) && err.code === 'BUNDLE_USES_EVAL') console.error(err.message);
 * ```
 */
export class WorkflowBuildError extends Error {
  override readonly name = 'WorkflowBuildError';
  readonly code: WorkflowBuildErrorCode;

  constructor(code: WorkflowBuildErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  /** Name-based check (`instanceof` fails across bundles). */
  static is(value: unknown): value is WorkflowBuildError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'WorkflowBuildError' &&
      typeof (value as { code?: unknown }).code === 'string'
    );
  }
}
