import { workersLibrary } from '../../tsup.shared.ts';

// `testing` is its own entry (the `./testing` subpath) so the main entry never pulls in vitest, an optional peer
// of `./testing`: the suite registers tests in the caller's vitest.
export default workersLibrary({ index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' }, { external: ['vitest'] });
