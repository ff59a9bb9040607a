// Type-only checks (run by `tsc -p tsconfig.json`): the public rows are the tables' rows, camelCased, and
// the zod schema that guards `apply` accepts exactly `IndexOp`.
import type { Insertable, Selectable } from 'kysely';
import { expectTypeOf } from 'vitest';
import type { z } from 'zod';
import type { HookIndexRow, IndexOp, RunIndexRow } from '../src/index.js';
import type { IndexOpSchema } from '../src/index-op-schema.js';
import type { HooksTable, RunsTable } from '../src/schema.js';

type Snake<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${Snake<T>}`
  : S;
type SnakeKeys<T> = { [K in keyof T as Snake<K & string>]: T[K] };

expectTypeOf<SnakeKeys<RunIndexRow>>().toEqualTypeOf<Selectable<RunsTable>>();
// Insertable is a mapped type kysely does not flatten: check both directions of assignability instead.
expectTypeOf<SnakeKeys<RunIndexRow>>().toExtend<Insertable<RunsTable>>();
expectTypeOf<Insertable<RunsTable>>().toExtend<SnakeKeys<RunIndexRow>>();
expectTypeOf<SnakeKeys<HookIndexRow>>().toEqualTypeOf<Selectable<HooksTable>>();
expectTypeOf<SnakeKeys<HookIndexRow>>().toExtend<Insertable<HooksTable>>();
expectTypeOf<Insertable<HooksTable>>().toExtend<SnakeKeys<HookIndexRow>>();
expectTypeOf<z.infer<typeof IndexOpSchema>>().toEqualTypeOf<IndexOp>();
