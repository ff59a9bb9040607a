export default { fetch: () => new Response('core-test') };
