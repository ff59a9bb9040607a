// The test worker only hosts the Durable Object class; tests call it through createDurableStorage.
export { WorkflowRunObject } from '../src/index.js';

export default {
  fetch(): Response {
    return new Response('durable-coordinator test worker');
  },
} satisfies ExportedHandler;
