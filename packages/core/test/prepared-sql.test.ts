import { describe, expect, it } from 'vitest';
import { type CompilableQuery, prepare } from '../src/index.js';

/** A stand-in for a Kysely builder: `?` per value, constants kept as parameters, as Kysely does. */
function fakeQuery(where: Record<string, unknown>, limit?: number): CompilableQuery {
  return {
    compile() {
      const keys = Object.keys(where);
      const sql = `select * from t where ${keys.map((k) => `${k} = ?`).join(' and ')}${limit === undefined ? '' : ' limit ?'}`;
      return { sql, parameters: [...keys.map((k) => where[k]), ...(limit === undefined ? [] : [limit])] };
    },
  };
}

describe('prepare', () => {
  it('compiles once and binds each call\'s arguments in the compiled order', () => {
    let builds = 0;
    const byPair = prepare((a: string, b: number) => {
      builds++;
      return fakeQuery({ b, a }, 10);
    });
    expect(byPair('x', 1)).toEqual({ sql: 'select * from t where b = ? and a = ? limit ?', parameters: [1, 'x', 10] });
    expect(byPair('y', 2)).toEqual({ sql: 'select * from t where b = ? and a = ? limit ?', parameters: [2, 'y', 10] });
    expect(builds).toBe(1);
  });

  it('refuses a statement that drops an argument (its shape would depend on it)', () => {
    const broken = prepare((a: string, _ignored: string) => fakeQuery({ a }));
    expect(() => broken('x', 'y')).toThrow(/every argument must become exactly one parameter/);
  });
});
