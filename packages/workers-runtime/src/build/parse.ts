import { type Comment, parse, type Program } from 'acorn';
import { WorkflowBuildError, type WorkflowBuildErrorCode } from './errors.js';

/** acorn's parse, with its SyntaxError turned into a {@link WorkflowBuildError} of `code`. */
export function parseOrThrow(
  code: string,
  sourceType: 'script' | 'module',
  errorCode: WorkflowBuildErrorCode,
  what: string,
  comments?: Comment[],
): Program {
  try {
    return parse(code, {
      ecmaVersion: 'latest',
      sourceType,
      ...(comments ? { onComment: comments } : {}),
    });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new WorkflowBuildError(errorCode, `${what}: ${message}`, { cause });
  }
}
