export default { fetch: () => new Response('workers-runtime-test') };
