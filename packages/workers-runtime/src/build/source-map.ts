import type { Comment } from 'acorn';
import { parseOrThrow } from './parse.js';

const SOURCE_MAP_COMMENT = /^[#@]\s*sourceMappingURL=/;

/**
 * Removes `//# sourceMappingURL=…` comments (the DevKit inlines a base64 map at the end of the
 * workflow bundle). Comments are found by parsing, so a string that merely contains the text is kept.
 * The map would point at the wrong lines once the bundle sits inside a generated module, and it
 * doubles the size of the Worker.
 *
 * @throws WorkflowBuildError `BUNDLE_UNPARSABLE`
 */
export function stripInlineSourceMap(code: string): string {
  const comments: Comment[] = [];
  parseOrThrow(code, 'script', 'BUNDLE_UNPARSABLE', 'Workflow bundle does not parse', comments);
  const maps = comments.filter((c) => c.type === 'Line' && SOURCE_MAP_COMMENT.test(c.value));
  let out = '';
  let at = 0;
  for (const comment of maps) {
    out += code.slice(at, comment.start);
    at = comment.end;
  }
  return out + code.slice(at);
}
