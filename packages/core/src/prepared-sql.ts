/**
 * Compile a query once, run it many times. Kysely builds our SQL; building and compiling a statement costs
 * tens of microseconds, which a Durable Object pays on every read and write of its hot path (dozens per
 * workflow step). `prepare` compiles the builder once, with a unique stand-in for each argument, and records
 * where each argument lands among the compiled parameters; later calls only fill the parameters in.
 *
 * Only for statements whose shape does not depend on the arguments: each argument must be one scalar value
 * that Kysely passes through as one parameter (`where(col, '=', arg)`, `values({ col: arg })`, `limit(arg)`).
 * An argument that changes the SQL (a list for `in`, an optional clause) needs its own prepared statement.
 * Kysely is not imported here: anything with `compile()` returning SQL and parameters will do.
 */

/** What `prepare` needs from a builder (a Kysely query has it). */
export interface CompilableQuery {
  compile(): { readonly sql: string; readonly parameters: readonly unknown[] };
}

/** A compiled statement ready to run: the SQL text and its parameters in order. */
export interface BoundQuery {
  sql: string;
  parameters: unknown[];
}

const STAND_IN = (i: number) => `\u0000prepared-argument-${i}\u0000`;

/**
 * @example
 * ```ts
 * const byId = prepare((id: string) => db.selectFrom('wf_steps').select('data').where('step_id', '=', id));
 * const { sql, parameters } = byId('step_1');
 * storage.sql.exec(sql, ...parameters);
 * ```
 */
export function prepare<A extends unknown[]>(build: (...args: A) => CompilableQuery): (...args: A) => BoundQuery {
  let compiled: { sql: string; slots: ({ arg: number } | { value: unknown })[] } | undefined;
  return (...args: A): BoundQuery => {
    if (!compiled) {
      const standIns = args.map((_, i) => STAND_IN(i));
      const { sql, parameters } = build(...(standIns as A)).compile();
      const slots = parameters.map((p) => {
        const arg = typeof p === 'string' ? standIns.indexOf(p) : -1;
        return arg >= 0 ? { arg } : { value: p };
      });
      const used = new Set(slots.flatMap((s) => ('arg' in s ? [s.arg] : [])));
      if (used.size !== args.length) {
        throw new Error(`prepare: every argument must become exactly one parameter of: ${sql}`);
      }
      compiled = { sql, slots };
    }
    const { sql, slots } = compiled;
    return { sql, parameters: slots.map((s) => ('arg' in s ? args[s.arg] : s.value)) };
  };
}
