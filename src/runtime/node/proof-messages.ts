import type {
  RemoteDocument,
  SignJob,
  SignOutcome,
  VerifyJob,
  VerifyOutcome,
} from '../../credentials/index.js';

/** What the main thread sends a proof thread: a job, or the answer to a document it asked for. */
export type ToThread =
  | { kind: 'sign'; jobId: number; job: SignJob }
  | { kind: 'verify'; jobId: number; job: VerifyJob }
  | ({ kind: 'loaded'; loadId: number } & ({ document: RemoteDocument } | { error: string }));

/** What a proof thread sends back: a document it needs for a job, or the job's outcome. */
export type FromThread =
  | { kind: 'load'; jobId: number; loadId: number; url: string }
  | { kind: 'done'; jobId: number; outcome: SignOutcome | VerifyOutcome }
  | { kind: 'failed'; jobId: number; error: string };
