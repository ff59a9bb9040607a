// The test worker's entry; tests use the bindings directly through `cloudflare:test`.
export default { fetch: () => new Response('blob-r2-test') };
