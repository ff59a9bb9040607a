/** Temporary directories the bench creates, each removed at the end whatever happened. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDirs {
  /** A new empty directory under `parent` (default: the OS temp dir). */
  make(prefix: string, parent?: string): string;
  /** Removes `path` at the end if it does not exist now (a cache a tool is about to create). */
  removeIfNew(path: string): void;
  /** Removes every directory made or tracked so far. */
  removeAll(): void;
}

export function createTempDirs(): TempDirs {
  const made: string[] = [];
  return {
    make(prefix, parent = tmpdir()) {
      const dir = mkdtempSync(join(parent, prefix));
      made.push(dir);
      return dir;
    },
    removeIfNew(path) {
      if (!existsSync(path)) made.push(path);
    },
    removeAll() {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
