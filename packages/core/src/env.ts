import type { WorldConfigInput } from './config.js';

/** Configuration vars as they arrive from `wrangler.jsonc` `vars` (strings) or code (numbers). */
export type WorldVars = { [K in keyof WorldConfigInput]?: WorldConfigInput[K] | string };
