import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type {
  DocumentLoader,
  ProofWork,
  SignJob,
  SignOutcome,
  VerifyJob,
  VerifyOutcome,
} from '../../credentials/index.js';
import type { Logger } from '../../kernel/logger.js';
import type { FromThread, ToThread } from './proof-messages.js';

/**
 * Jobs one thread holds at once. It runs two of them (see proof-thread.ts) and keeps the others in
 * turn: while the main thread is busy (a batch's durable commit, checking a batch's credentials), a
 * thread that held only what it ran sat idle until the main thread could hand it more. A cohort of
 * 1,000 on two cores, seven runs each in turns: a median of 1.95 s against 2.04 s.
 */
const HELD = 8;

type Outcome = SignOutcome | VerifyOutcome;
type Job = { kind: 'sign'; job: SignJob } | { kind: 'verify'; job: VerifyJob };

interface Pending {
  work: Job;
  documentLoader: DocumentLoader;
  resolve: (outcome: Outcome) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  /** The jobs handed to it that it has not answered yet (at most HELD). */
  held: Map<number, Pending>;
}

/** A pool of proof threads, and how to stop it. */
export interface ProofPool extends ProofWork {
  /** How many threads it runs. */
  size: number;
  /** Stops every thread; jobs still running are refused. */
  close(): Promise<void>;
}

/**
 * The default size of the pool: one thread per core the process may use. The main thread keeps
 * serving requests and writing the database beside them; signing and verifying are what take the
 * cores (canonicalising is most of a request's CPU time).
 * @example const pool = proofPool({ size: defaultProofThreads(), log })
 */
export const defaultProofThreads = (): number => availableParallelism();

const entryOf = () =>
  new URL(import.meta.url.endsWith('.ts') ? './proof-thread.ts' : './proof-thread.js', import.meta.url).href;

/**
 * Runs Data Integrity signing and verifying in `size` worker threads (Node), so that the event loop
 * stays free for requests while credentials are canonicalised and signed. What stays on the main
 * thread: the database (keys are read and decrypted, rows written, in one writer as before) and every
 * collaborator that reads it or the network. A job carries plain data (the credential, the decrypted
 * key, the moment); a thread loads the bundled contexts from its own copy and asks the main thread,
 * through the job's own document loader, for anything else (a DID, the deployment's own context).
 * Verify jobs come with the DID documents their proofs name already resolved (preloadedDocuments),
 * so a thread rarely has to ask. A thread that dies is replaced; its jobs are refused, never retried
 * behind the caller's back.
 * @example const pool = proofPool({ size: 2, log: deps.log }); const deps = { ...base, proofWork: pool };
 */
export function proofPool(options: { size: number; log: Logger }): ProofPool {
  const { size, log } = options;
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`a proof pool needs 1 or more threads, not ${size}`);
  const threads: Thread[] = [];
  const queue: { jobId: number; pending: Pending }[] = [];
  let nextJob = 0;
  let closing = false;

  const refresh = (thread: Thread) => {
    // An idle pool must not keep the process alive; a busy one must, while its callers wait.
    if (thread.held.size === 0) thread.worker.unref();
    else thread.worker.ref();
  };

  const dispatch = () => {
    while (queue.length > 0) {
      const thread = threads.filter((t) => t.held.size < HELD).sort((a, b) => a.held.size - b.held.size)[0];
      if (!thread) return;
      const next = queue.shift();
      if (!next) return;
      thread.held.set(next.jobId, next.pending);
      refresh(thread);
      const message: ToThread = { ...next.pending.work, jobId: next.jobId };
      thread.worker.postMessage(message);
    }
  };

  const answerLoad = async (thread: Thread, message: Extract<FromThread, { kind: 'load' }>) => {
    const pending = thread.held.get(message.jobId);
    let answer: ToThread;
    try {
      if (!pending) throw new Error(`${message.url}: the job asking for it is gone`);
      answer = {
        kind: 'loaded',
        loadId: message.loadId,
        document: await pending.documentLoader(message.url),
      };
    } catch (error) {
      answer = {
        kind: 'loaded',
        loadId: message.loadId,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    thread.worker.postMessage(answer);
  };

  const start = (): Thread => {
    const worker = new Worker(new URL('./proof-thread.mjs', import.meta.url), {
      workerData: { entry: entryOf() },
    });
    const thread: Thread = { worker, held: new Map() };
    worker.on('message', (message: FromThread) => {
      if (message.kind === 'load') {
        void answerLoad(thread, message);
        return;
      }
      const pending = thread.held.get(message.jobId);
      thread.held.delete(message.jobId);
      refresh(thread);
      if (message.kind === 'done') pending?.resolve(message.outcome);
      else pending?.reject(new Error(message.error));
      dispatch();
    });
    const lost = (why: string) => {
      const index = threads.indexOf(thread);
      if (index < 0) return;
      threads.splice(index, 1);
      for (const pending of thread.held.values()) pending.reject(new Error(`a proof thread ${why}`));
      thread.held.clear();
      if (closing) return;
      log.error('a proof thread stopped; starting another', { why });
      threads.push(start());
      dispatch();
    };
    worker.on('error', (error) => lost(`failed: ${error.message}`));
    worker.on('exit', (code) => lost(`exited with code ${code}`));
    refresh(thread);
    return thread;
  };

  for (let i = 0; i < size; i++) threads.push(start());

  const run = (work: Job, documentLoader: DocumentLoader) =>
    new Promise<Outcome>((resolve, reject) => {
      if (closing) {
        reject(new Error('the proof pool is closed'));
        return;
      }
      queue.push({ jobId: nextJob++, pending: { work, documentLoader, resolve, reject } });
      dispatch();
    });

  return {
    size,
    sign: (job, documentLoader) => run({ kind: 'sign', job }, documentLoader) as Promise<SignOutcome>,
    verify: (job, documentLoader) => run({ kind: 'verify', job }, documentLoader) as Promise<VerifyOutcome>,
    async close() {
      closing = true;
      for (const { pending } of queue.splice(0)) pending.reject(new Error('the proof pool is closed'));
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
