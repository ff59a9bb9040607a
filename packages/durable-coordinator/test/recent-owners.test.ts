import { describe, expect, it } from 'vitest';
import { createRecentOwners } from '../src/client/storage/recent-owners.js';

describe('recent owners (session consistency of step / correlation lookups)', () => {
  it('remembers step owners up to its capacity, forgetting the oldest first', () => {
    const recent = createRecentOwners(2);
    recent.noteStep('a', 'r1');
    recent.noteStep('b', 'r1');
    recent.noteStep('a', 'r1'); // refreshed: now newer than b
    recent.noteStep('c', 'r2');
    expect([recent.stepOwner('a'), recent.stepOwner('b'), recent.stepOwner('c')]).toEqual(['r1', undefined, 'r2']);
  });

  it('keeps every run of a correlation id once, in the order they used it', () => {
    const recent = createRecentOwners(2);
    recent.noteCorrelation('w', 'r1');
    recent.noteCorrelation('w', 'r2');
    recent.noteCorrelation('w', 'r1');
    expect(recent.correlationOwners('w')).toEqual(['r1', 'r2']);
    expect(recent.correlationOwners('nope')).toEqual([]);
    recent.noteCorrelation('x', 'r3');
    recent.noteCorrelation('y', 'r3');
    expect(recent.correlationOwners('w')).toEqual([]);
  });
});
