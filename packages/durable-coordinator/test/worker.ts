// The test worker hosts the Durable Object class (tests call it through createDurableStorage / createRunQueue)
// and registers the recording execution host its objects run deliveries with. The class is bound with the
// index seam (index-seam.ts), so a test can make D1 refuse or hold writes on a live object.
import { registerTestHost } from './execution-host.js';

export { WorkflowRunObjectWithIndexSeam as WorkflowRunObject } from './index-seam.js';

registerTestHost();

export default {
  fetch(): Response {
    return new Response('durable-coordinator test worker');
  },
} satisfies ExportedHandler;
