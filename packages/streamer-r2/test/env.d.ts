declare namespace Cloudflare {
  interface Env {}
}
