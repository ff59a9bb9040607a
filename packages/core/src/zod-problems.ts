/** How a failed zod parse reads in our error messages: one `path: message` per issue. */
import type { z } from 'zod';

/**
 * One line per issue, `path: message`. An issue about the whole value is labelled `whole` (e.g. `'(options)'`),
 * or is just its message when no label is given.
 *
 * @example
 * ```ts
 * throw new CloudflareWorldError('CONFIG_INVALID', `Invalid configuration: ${zodProblems(result.error, '(options)').join('; ')}`);
 * ```
 */
export function zodProblems(error: z.ZodError, whole?: string): string[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.') || whole;
    return path ? `${path}: ${i.message}` : i.message;
  });
}
