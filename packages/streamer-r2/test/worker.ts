/** The test Worker: it only hosts the stream object class. */
export { WorkflowStreamObject } from '../src/index.js';

export default {
  fetch: () => new Response('streamer-r2 test worker'),
} satisfies ExportedHandler;
