/** The files of the README's "Use it" section: each code block preceded by `<!-- file: PATH -->`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './pack.js';

export function readmeFiles(section = '## Use it'): Record<string, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(section);
  const end = readme.indexOf('\n## ', start + section.length);
  const text = readme.slice(start, end === -1 ? undefined : end);
  const files: Record<string, string> = {};
  for (const match of text.matchAll(/<!-- file: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)) files[match[1]!] = `${match[2]}\n`;
  return files;
}
