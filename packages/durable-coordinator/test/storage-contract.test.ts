import { describe } from 'vitest';
import { runStorageContract } from './contract/index.js';
import { createTestStorage } from './helpers.js';

describe('createDurableStorage (Storage contract)', () => runStorageContract(createTestStorage));
