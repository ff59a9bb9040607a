import { workersLibrary } from '../../tsup.shared.ts';

export default workersLibrary(['src/index.ts']);
