// The test worker hosts the Durable Object class (tests call it through createDurableStorage / createRunQueue)
// and registers the recording execution host its objects run deliveries with. The class is bound with the
// test seams (run-object-seams.ts): a test can make D1 refuse or hold writes on a live object, move the drain
// interval, and count the object's enqueue calls.
import { registerTestHost } from './execution-host.js';

export { WorkflowRunObjectWithSeams as WorkflowRunObject } from './run-object-seams.js';

registerTestHost();

export default {
  fetch(): Response {
    return new Response('durable-coordinator test worker');
  },
} satisfies ExportedHandler;
