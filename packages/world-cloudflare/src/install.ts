/**
 * @module
 * `workflow-world-cloudflare/install`: imported for its effect, first thing in a Worker (the build's
 * `worker.js` and the Vite plugin put it there). It fills the DevKit's World slots with a stand-in before any
 * DevKit module evaluates, so `import { start } from 'workflow/api'` at the top of a file cannot make the DevKit
 * create its default World; `createWorkflowWorker` then installs the real one. The one module of this package
 * with a side effect at import, on purpose (declared in `sideEffects`).
 */
import { installWorldPlaceholder } from './worker/install-world.js';

installWorldPlaceholder();
