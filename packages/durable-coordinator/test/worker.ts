// The test worker hosts the Durable Object class (tests call it through createDurableStorage / createRunQueue)
// and registers the recording execution host its objects run deliveries with.
import { registerTestHost } from './execution-host.js';

export { WorkflowRunObject } from '../src/index.js';

registerTestHost();

export default {
  fetch(): Response {
    return new Response('durable-coordinator test worker');
  },
} satisfies ExportedHandler;
