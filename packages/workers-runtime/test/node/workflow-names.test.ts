import { describe, expect, it } from 'vitest';
import { workflowNames } from '../../src/build/index.js';

describe('workflowNames (the generated `workflows` map)', () => {
  it('maps each export name to its workflow id', () => {
    expect(
      workflowNames({
        'src/a.ts': { one: { workflowId: 'workflow//./src/a//one' } },
        'src/b.ts': { two: { workflowId: 'workflow//./src/b//two' } },
      }),
    ).toEqual({ one: 'workflow//./src/a//one', two: 'workflow//./src/b//two' });
  });

  it('qualifies a name exported by two files with its file instead of picking one', () => {
    expect(
      workflowNames({
        'src/a.ts': { run: { workflowId: 'workflow//./src/a//run' } },
        'src/b.ts': { run: { workflowId: 'workflow//./src/b//run' } },
      }),
    ).toEqual({ 'src/a.ts#run': 'workflow//./src/a//run', 'src/b.ts#run': 'workflow//./src/b//run' });
  });

  it('is empty without workflows', () => {
    expect(workflowNames(undefined)).toEqual({});
  });
});
