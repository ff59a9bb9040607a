declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    /** A D1 without migrations, for failure paths. */
    BARE_DB: D1Database;
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}
