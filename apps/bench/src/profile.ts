/**
 * `pnpm --filter bench profile`: where the CPU goes while the bench Worker runs one workload under
 * `wrangler dev`. Samples the Worker's isolate (run objects, step invocations, the World) through workerd's
 * inspector and prints self time by function and by source file (from the bundle's `// path` comments), plus
 * time including callees. Prints figures; asserts nothing. For finding work to cut, not for comparing worlds.
 *
 * Flags: --workload ttfs|burst|long|wide (burst: 50 concurrent seq(5); long: one seq(400); wide: one fanout(N))
 *        --width N (100: wide's N)
 *        --top N (30)
 *        --interval-us N (200: the sampling interval)
 *        --callers TEXT: also attribute the time spent in source files or functions containing TEXT (e.g. `zod`,
 *        `get process`) to the nearest calling frame outside them: which of our calls pay for a library.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from 'e2e/src/dev-server.ts';
import { APP_DIR } from './bench-dirs.ts';
import { buildBenchWorker, startCloudflareDriver } from './cloudflare-driver.ts';
import { createTempDirs } from './temp-dirs.ts';
import { startMany, type WorkflowDriver } from './workflow-driver.ts';

const { values: flags } = parseArgs({
  options: {
    workload: { type: 'string', default: 'burst' },
    top: { type: 'string', default: '30' },
    'interval-us': { type: 'string', default: '200' },
    callers: { type: 'string' },
    width: { type: 'string', default: '100' },
  },
});
const top = Number(flags.top);
const WORKLOADS: Record<string, (driver: WorkflowDriver) => Promise<void>> = {
  ttfs: async (driver) => {
    for (let i = 0; i < 100; i++) await driver.waitAll([(await driver.start('ttfs', [])).runId], 60_000);
  },
  burst: async (driver) => {
    const started = await startMany(driver, 'seq', [5], 50, 50);
    await driver.waitAll(started.map((s) => s.runId), 300_000);
  },
  long: async (driver) => {
    await driver.waitAll([(await driver.start('seq', [400])).runId], 600_000);
  },
  wide: async (driver) => {
    await driver.waitAll([(await driver.start('fanout', [Number(flags.width)])).runId], 600_000);
  },
};
const workload = WORKLOADS[flags.workload ?? ''];
if (!workload || !Number.isInteger(top) || top < 1 || !(Number(flags.width) >= 1)) {
  throw new Error(`--workload must be one of ${Object.keys(WORKLOADS).join(', ')}; --top and --width positive integers`);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One DevTools-protocol session on the inspector's first target (the Worker's isolate). */
async function connect(port: number): Promise<{ send(method: string, params?: object): Promise<unknown>; close(): void }> {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { webSocketDebuggerUrl: string }[];
  if (!target) throw new Error('the inspector lists no target');
  // wrangler's inspector proxy accepts only local origins (undici's WebSocket takes headers as an extension).
  const init = { headers: { Origin: `http://127.0.0.1:${port}` } } as unknown as string[];
  const ws = new WebSocket(target.webSocketDebuggerUrl, init);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  let nextId = 0;
  const pending = new Map<number, (result: unknown) => void>();
  ws.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id === undefined) return; // an event, not an answer
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve) => {
        const id = ++nextId;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** Per line of the bundle wrangler built: its source file (esbuild precedes each module with `// path`) and text. */
function bundleLines(): { files: string[]; text: string[] } {
  const tmp = join(APP_DIR, '.wrangler/tmp');
  const dev = readdirSync(tmp)
    .filter((d) => d.startsWith('dev-'))
    .map((d) => join(tmp, d, 'index.js'))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!dev) throw new Error(`no bundle under ${tmp}`);
  let file = '?';
  const text = readFileSync(dev, 'utf8').split('\n');
  const files = text.map((line) => {
    const m = /^\/\/ (\S+)$/.exec(line);
    if (m) file = (m[1] as string).replace(/^.*node_modules\/\.pnpm\//, '').replace(/^(\.\.\/)+/, '');
    return file;
  });
  return { files, text };
}

function summarize(profile: CpuProfile, bundle: { files: string[]; text: string[] }): void {
  const selfById = new Map<number, number>();
  profile.samples.forEach((id, i) => selfById.set(id, (selfById.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const where = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const inBundle = url.endsWith('index.js');
    const file = inBundle ? (bundle.files[lineNumber] ?? '?') : url || '(native)';
    const source = inBundle ? ` | ${(bundle.text[lineNumber] ?? '').trim().slice(0, 60)}` : '';
    return { fn: `${functionName || '(anonymous)'}:${lineNumber}`, file: `${file}${source}` };
  };
  const self = new Map<string, number>();
  const byFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const callers = new Map<string, number>();
  const callee = flags.callers;
  const matches = (at: { fn: string; file: string }) => callee !== undefined && (at.file.includes(callee) || at.fn.includes(callee));
  let total = 0;
  for (const [id, micros] of selfById) {
    const node = byId.get(id) as ProfileNode;
    const { fn, file } = where(node);
    total += micros;
    self.set(`${fn} ${file}`, (self.get(`${fn} ${file}`) ?? 0) + micros);
    const sourceFile = file.split(' | ')[0] as string;
    byFile.set(sourceFile, (byFile.get(sourceFile) ?? 0) + micros);
    if (matches({ fn, file })) {
      let cur = parent.get(id);
      while (cur !== undefined && matches(where(byId.get(cur) as ProfileNode))) cur = parent.get(cur);
      const at = cur === undefined ? { fn: '(root)', file: '' } : where(byId.get(cur) as ProfileNode);
      callers.set(`${at.fn} ${at.file}`, (callers.get(`${at.fn} ${at.file}`) ?? 0) + micros);
    }
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const at = where(byId.get(cur) as ProfileNode);
      const key = `${at.fn} ${at.file}`;
      if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
      seen.add(key);
    }
  }
  const print = (title: string, rows: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [key, micros] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${(micros / 1000).toFixed(1).padStart(9)} ms ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${key}`);
    }
  };
  console.log(`sampled ${(total / 1000).toFixed(0)} ms in the Worker's isolate`);
  print('self time by source file', byFile);
  print('self time by function', self);
  print('time including callees', inclusive);
  if (callee) print(`time in files or functions matching "${callee}", by the nearest caller outside them`, callers);
}

const temp = createTempDirs();
await buildBenchWorker(temp);
const inspectorPort = await freePort();
const driver = await startCloudflareDriver({ persistTo: temp.make('bench-profile-state-'), pollMs: 250, inspectorPort });
try {
  await driver.waitAll([(await driver.start('ttfs', [])).runId], 60_000); // warm: the isolate and its bundle
  const inspector = await connect(inspectorPort);
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.setSamplingInterval', { interval: Number(flags['interval-us']) });
  await inspector.send('Profiler.start');
  const t0 = Date.now();
  await workload(driver);
  const wallMs = Date.now() - t0;
  const { profile } = (await inspector.send('Profiler.stop')) as { profile: CpuProfile };
  inspector.close();
  console.log(`workload ${flags.workload}: ${wallMs} ms wall`);
  summarize(profile, bundleLines());
} finally {
  await driver.close();
  temp.removeAll();
}
