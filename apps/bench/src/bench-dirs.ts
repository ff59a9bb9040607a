/** Where the bench's worlds build from and into. */
import { fileURLToPath } from 'node:url';
import type { TempDirs } from './temp-dirs.ts';

/** The bench Worker and its workflows (`app/workflows/bench.ts`): one source for every world. */
export const APP_DIR = fileURLToPath(new URL('../app', import.meta.url));

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * A new directory for a reference world's DevKit build (`buildDevkitHandlers`), inside this package so the
 * built handlers resolve the package's dependencies; removed with `temp` at the end.
 */
export const devkitOutDir = (temp: TempDirs): string => temp.make('.bench-devkit-', PACKAGE_DIR);
