import { parentPort } from 'node:worker_threads';
import type { ToSegmentWorker } from './segment-protocol.js';
import { SegmentWorkerCore } from './segment-worker-core.js';

/** The worker thread of a segmented parse (segment-pool.ts): the core, wired to its port. */
const port = parentPort;
if (port === null) throw new Error('segment-worker.js runs as a worker thread');
const core = new SegmentWorkerCore((message, transfer) => port.postMessage(message, transfer));
port.on('message', (message: ToSegmentWorker) => core.receive(message));
