/// <reference types="@cloudflare/vitest-plugin/types" />
// The R2 streamer against the shared Streamer contract (core/testing): order, encoding, binary fidelity, live
// readers, close, empty chunks, writes after close.
import { runStreamerContract } from '@workflow-world-cloudflare/core/testing';
import { describe } from 'vitest';
import { makeStreamer } from './helpers.js';

describe('R2 streamer (Streamer contract)', () => runStreamerContract(makeStreamer));
