// Release flow, after `changeset version`: what users copy (apps/example, the Vite fixture, the README's "Use it"
// package.json) names `workflow-world-cloudflare` by the version about to be published, as a caret range.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('packages/world-cloudflare/package.json', root), 'utf8'));
const range = `"workflow-world-cloudflare": "^${version}"`;
for (const file of ['apps/example/package.json', 'apps/adoption/fixtures/vite/package.json', 'README.md']) {
  const url = new URL(file, root);
  const text = readFileSync(url, 'utf8');
  const next = text.replace(/"workflow-world-cloudflare": "\^[^"]+"/g, range);
  if (next !== text) writeFileSync(url, next);
  console.log(`${file}: ${range}`);
}
