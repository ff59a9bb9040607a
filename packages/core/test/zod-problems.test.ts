import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodProblems } from '../src/index.js';

describe('zodProblems', () => {
  it('gives one `path: message` line per issue, labelling issues about the whole value', () => {
    const schema = z.strictObject({ a: z.number(), b: z.object({ c: z.string() }) });
    const result = schema.safeParse({ a: 'x', b: { c: 1 }, extra: true });
    expect(result.success).toBe(false);
    const lines = zodProblems((result as { error: z.ZodError }).error, '(options)');
    expect(lines).toEqual([expect.stringMatching(/^a: /), expect.stringMatching(/^b\.c: /), expect.stringMatching(/^\(options\): .*extra/)]);
    const bare = (z.string().safeParse(1) as { error: z.ZodError }).error;
    expect(zodProblems(bare)).toEqual([bare.issues[0]?.message]); // no label: the message alone
  });
});
