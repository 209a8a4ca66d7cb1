import { parentPort } from 'node:worker_threads';
import {
  type DocumentLoader,
  type RemoteDocument,
  runSignJob,
  runVerifyJob,
  threadDocumentLoader,
} from '../../credentials/index.js';
import type { FromThread, ToThread } from './proof-messages.js';

// One proof thread of the pool: signs and verifies what the main thread hands it, loading the bundled
// contexts itself and asking the main thread for any other document (the job's own loader runs there).
const port = parentPort;
if (!port) throw new Error('proof-thread.ts runs as a worker thread of the proof pool');

const loads = new Map<number, { resolve: (d: RemoteDocument) => void; reject: (e: Error) => void }>();
let nextLoad = 0;
const send = (message: FromThread) => port.postMessage(message);

/**
 * Jobs run at once: a second runs while the first waits for a document from the main thread. The
 * pool hands a thread more than these (see HELD in proof-pool.ts); the others wait here in turn, so
 * that the thread has work while the main thread is busy, and each job still ends as soon as it can.
 */
const RUNNING = 2;
const queued: Exclude<ToThread, { kind: 'loaded' }>[] = [];
let running = 0;

const next = () => {
  while (running < RUNNING && queued.length > 0) {
    running++;
    void run(queued.shift() as (typeof queued)[number]).finally(() => {
      running--;
      next();
    });
  }
};

port.on('message', (message: ToThread) => {
  if (message.kind === 'loaded') {
    const waiting = loads.get(message.loadId);
    loads.delete(message.loadId);
    if ('document' in message) waiting?.resolve(message.document);
    else waiting?.reject(new Error(message.error));
    return;
  }
  queued.push(message);
  next();
});

async function run(message: (typeof queued)[number]): Promise<void> {
  const { jobId } = message;
  const ask: DocumentLoader = (url) =>
    new Promise((resolve, reject) => {
      const loadId = nextLoad++;
      loads.set(loadId, { resolve, reject });
      send({ kind: 'load', jobId, loadId, url });
    });
  try {
    const outcome =
      message.kind === 'sign'
        ? await runSignJob(message.job, threadDocumentLoader({}, ask))
        : await runVerifyJob(message.job, threadDocumentLoader(message.job.documents ?? {}, ask));
    send({ kind: 'done', jobId, outcome });
  } catch (error) {
    send({ kind: 'failed', jobId, error: error instanceof Error ? error.message : String(error) });
  }
}
