/** Builds the bench Worker's workflows (app/.workflow-cloudflare), as `pnpm bench` does before starting it. */
import { buildBenchWorker } from './cloudflare-driver.ts';

await buildBenchWorker();
