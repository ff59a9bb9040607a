import { runStorageContract } from '@workflow-world-cloudflare/core/testing';
import { describe } from 'vitest';
import { createTestStorage } from './helpers.js';

describe('createDurableStorage (Storage contract)', () => runStorageContract(createTestStorage));
