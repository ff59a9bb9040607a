// The World's streams (the umbrella's wiring of streamer-r2) against the shared Streamer contract.
import { runStreamerContract } from '@workflow-world-cloudflare/core/testing';
import { describe } from 'vitest';
import { testWorld } from './helpers.js';

describe('createCloudflareWorld streams (Streamer contract)', () => runStreamerContract(testWorld));
