import { sql } from 'kysely';
import {
  asList,
  asObject,
  credentialContent,
  envelope,
  type JsonObject,
  type Signer,
  securedParts,
  signCredential,
  signVcJwt,
} from '../credentials/index.js';
import { chunks, readInChunks } from '../db/chunks.js';
import { ConstraintError } from '../db/database.js';
import { type Actor, actorLabel, auditEvent } from '../kernel/audit.js';
import { fail, refuseFields } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { issuerKeys, type KeyDeps } from './issuer-keys.js';
import { type JobCounts, type JobOptionsOf, runJob } from './job-batches.js';
import { signerFor } from './signer.js';

/** How far a reissue job is: credentials to reissue when it began, reissued so far, and failed. */
export interface ReissueProgress extends JobCounts {
  id: string;
  kind: 'reissue';
  institutionId: string;
  /** The retired keys whose proofs the job replaces. */
  keys: string[];
  /** Each credential that failed, and why (a new job tries it again). */
  failures: { credentialId: string; error: string }[];
}

/** How a reissue job runs. */
export type ReissueOptions = JobOptionsOf<ReissueProgress>;

/** What choosing a reissue reads of a stored credential: how it was secured, and what it embeds. */
export interface CredentialSummary {
  id: string;
  /** The verification method that secured it (see securedParts). */
  method: string | undefined;
  /** Whether it is a ClrCredential, and the ids of the credentials it embeds. */
  clr: boolean;
  parts: string[];
}

/** A credential a job reissues: 0 what a retired key signed, 1 a ClrCredential (after what it embeds). */
export interface ReissueItem {
  id: string;
  phase: 0 | 1;
}

const isClr = (document: JsonObject) => asList(document.type).includes('ClrCredential');

/** The credentials a ClrCredential embeds (`credentialSubject.verifiableCredential`), as they are. */
const partsOf = (clr: JsonObject): unknown[] => asList(asObject(clr.credentialSubject)?.verifiableCredential);

/** The id of an embedded credential, a VC-JWT's read from its claims. */
const partId = (part: unknown): string | undefined => {
  const object = asObject(part);
  const id = object && credentialContent(object).id;
  return typeof id === 'string' ? id : undefined;
};

/**
 * What choosing a reissue needs of a stored credential.
 * @example summaryOf('urn:uuid:…', clr) // { id, method: 'did:web:…#z6Mk…', clr: true, parts: ['urn:uuid:…'] }
 */
function summaryOf(id: string, document: JsonObject): CredentialSummary {
  const content = credentialContent(document);
  return {
    id,
    method: securedParts(document)?.method,
    clr: isClr(content),
    parts: isClr(content) ? partsOf(content).flatMap((p) => partId(p) ?? []) : [],
  };
}

/**
 * What a reissue of these keys covers, from an instelling's stored (not revoked) credentials: each one
 * secured by one of `keys` under the instelling's did:web (`did`), and after them each ClrCredential
 * that is itself such a one or embeds one. A credential issued under a did:key is left out: its issuer
 * is the key, so signing it with another would make it another issuer's.
 * @example reissueItems(summaries, 'did:web:…:han', new Set(['z6MkOld…'])) // [{ id: 'urn:uuid:…', phase: 0 }, …]
 */
export function reissueItems(
  stored: readonly CredentialSummary[],
  did: string,
  keys: ReadonlySet<string>,
): ReissueItem[] {
  const byRetiredKey = ({ method }: CredentialSummary) => {
    const [controller, key] = method?.split('#') ?? [];
    return controller === did && key !== undefined && keys.has(key);
  };
  const signed = new Set(stored.filter((s) => !s.clr && byRetiredKey(s)).map((s) => s.id));
  const clrs = stored.filter((s) => s.clr && (byRetiredKey(s) || s.parts.some((id) => signed.has(id))));
  return [
    ...[...signed].map((id) => ({ id, phase: 0 as const })),
    ...clrs.map((s) => ({ id: s.id, phase: 1 as const })),
  ];
}

/** Credentials read per statement while a job is chosen. */
const SELECTION_PAGE = 500;

/** Every stored, not revoked credential of the instelling, page by page. */
async function* storedOf(deps: Pick<Deps, 'db'>, institutionId: string): AsyncGenerator<CredentialSummary[]> {
  let after = '';
  for (;;) {
    const rows = await deps.db.kysely
      .selectFrom('credential')
      .select(['id', 'document'])
      .where('institution_id', '=', institutionId)
      .where('revoked_at', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(SELECTION_PAGE)
      .execute();
    if (rows.length === 0) return;
    yield rows.map((r) => summaryOf(r.id, JSON.parse(r.document) as JsonObject));
    after = (rows[rows.length - 1] as { id: string }).id;
  }
}

/**
 * The retired keys a reissue replaces: those named (each must be a retired key of the instelling), or
 * every retired one, compromised or not.
 */
async function keysToReplace(
  deps: KeyDeps,
  institutionId: string,
  named: readonly string[] | undefined,
): Promise<string[]> {
  const retired = (await issuerKeys(deps, institutionId)).filter((k) => k.retiredAt !== null);
  if (named === undefined) return retired.map((k) => k.publicKeyMultibase);
  const known = new Set(retired.map((k) => k.publicKeyMultibase));
  refuseFields(
    named.flatMap((key, i) =>
      known.has(key)
        ? []
        : [{ field: `keys[${i}]`, message: `'${key}' is not a retired issuer key of '${institutionId}'` }],
    ),
  );
  return [...new Set(named)];
}

/**
 * Starts reissuing what retired keys of an instelling signed (all of them unless `keys` names some):
 * chooses the credentials (see reissueItems) and records them as a job, with its audit event, in one
 * transaction; run it with runReissueJob. A job with nothing to reissue is done at once. While a job of
 * the instelling runs, another is a conflict naming it.
 * @example const job = await startReissueJob(deps, opleider, 'han'); void runReissueJob(deps, job.id);
 */
export async function startReissueJob(
  deps: KeyDeps,
  actor: Actor,
  institutionId: string,
  keys?: readonly string[],
): Promise<ReissueProgress> {
  const replaced = await keysToReplace(deps, institutionId, keys);
  // Before reading every credential; the unique index still refuses a job that races past this.
  const running = await runningJobOf(deps, institutionId);
  if (running) throw alreadyRunning(institutionId, running);
  // Whether a CLR is chosen depends on what it embeds, which may be on any page: all are read first.
  const stored: CredentialSummary[] = [];
  for await (const page of storedOf(deps, institutionId)) stored.push(...page);
  const items = reissueItems(stored, deps.urls.issuerDid(institutionId), new Set(replaced));
  const db = deps.db.kysely;
  const id = deps.newId();
  const at = deps.now().toISOString();
  try {
    await deps.db.atomically([
      db.insertInto('reissue_job').values({
        id,
        institution_id: institutionId,
        keys: JSON.stringify(replaced),
        state: items.length === 0 ? 'done' : 'running',
        total: items.length,
        started_by: actorLabel(actor),
        started_at: at,
        finished_at: items.length === 0 ? at : null,
      }),
      // Several rows per statement, within D1's 100 bound parameters per statement.
      ...chunks(items, 24).map((rows) =>
        db.insertInto('reissue_job_item').values(
          rows.map((item) => ({
            job_id: id,
            credential_id: item.id,
            phase: item.phase,
            state: 'pending' as const,
          })),
        ),
      ),
      auditEvent(deps, actor, 'credentials.reissue-started', 'institution', institutionId, {
        job: id,
        keys: replaced,
        total: items.length,
      }),
    ]);
  } catch (error) {
    if (!(error instanceof ConstraintError && error.kind === 'unique')) throw error;
    throw alreadyRunning(institutionId, (await runningJobOf(deps, institutionId)) ?? 'unknown');
  }
  return reissueProgress(deps, institutionId, id);
}

const alreadyRunning = (institutionId: string, job: string) =>
  fail.conflict(`A reissue of '${institutionId}' is running (job '${job}'); wait for it to finish.`);

const runningJobOf = async (deps: Pick<Deps, 'db'>, institutionId: string) =>
  (
    await deps.db.kysely
      .selectFrom('reissue_job')
      .select('id')
      .where('institution_id', '=', institutionId)
      .where('state', '=', 'running')
      .executeTakeFirst()
  )?.id;

/**
 * The progress of one of an instelling's reissue jobs; not found when it has none with this id.
 * @example const { done, total } = await reissueProgress(deps, 'han', id)
 */
export async function reissueProgress(
  deps: Pick<Deps, 'db'>,
  institutionId: string,
  id: string,
): Promise<ReissueProgress> {
  const db = deps.db.kysely;
  const job = await db
    .selectFrom('reissue_job')
    .selectAll()
    .where('id', '=', id)
    .where('institution_id', '=', institutionId)
    .executeTakeFirst();
  if (!job) throw fail.notFound('reissue job', id);
  // Counted in SQL: a job's progress is read after every tenth of it, and its items run to thousands.
  const [counts, failures] = await Promise.all([
    db
      .selectFrom('reissue_job_item')
      .select(sql<number>`count(*)`.as('done'))
      .where('job_id', '=', id)
      .where('state', '=', 'done')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('reissue_job_item')
      .select(['credential_id', 'error'])
      .where('job_id', '=', id)
      .where('state', '=', 'failed')
      .orderBy('credential_id')
      .execute(),
  ]);
  return {
    id: job.id,
    kind: 'reissue',
    institutionId: job.institution_id,
    keys: JSON.parse(job.keys) as string[],
    state: job.state,
    total: job.total,
    done: counts.done,
    failed: failures.length,
    startedAt: job.started_at,
    finishedAt: job.finished_at,
    failures: failures.map((i) => ({ credentialId: i.credential_id, error: i.error ?? 'failed' })),
  };
}

/**
 * An instelling's latest reissue jobs, newest first.
 * @example const [latest] = await recentReissueJobs(deps, 'han')
 */
export async function recentReissueJobs(
  deps: Pick<Deps, 'db'>,
  institutionId: string,
  limit = 20,
): Promise<ReissueProgress[]> {
  const rows = await deps.db.kysely
    .selectFrom('reissue_job')
    .select('id')
    .where('institution_id', '=', institutionId)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return Promise.all(rows.map((r) => reissueProgress(deps, institutionId, r.id)));
}

/**
 * The credential signed again by `signer`: the same claims (a CLR's embedded credentials replaced by
 * their reissued documents in `reissued`), format and status entry, with a new proof; undefined when it
 * is already secured by the signer's key and embeds nothing reissued since.
 */
async function signedAgain(
  signer: Signer,
  stored: JsonObject,
  reissued: ReadonlyMap<string, JsonObject>,
): Promise<JsonObject | undefined> {
  const secured = securedParts(stored);
  if (!secured)
    throw new Error('the stored credential is neither one Data Integrity proof nor a readable VC-JWT');
  let { unsigned } = secured;
  const parts = partsOf(unsigned);
  const newer = parts.map((part) => reissued.get(partId(part) ?? '') ?? part);
  const embedsReissued = newer.some((part, i) => part !== parts[i]);
  if (secured.method === signer.key.keyId && !embedsReissued) return undefined;
  if (embedsReissued) {
    const subject = asObject(unsigned.credentialSubject) ?? {};
    unsigned = { ...unsigned, credentialSubject: { ...subject, verifiableCredential: newer } };
  }
  return secured.format === 'vc+jwt'
    ? envelope(await signVcJwt(signer, unsigned))
    : await signCredential(signer, unsigned);
}

/**
 * Reissues one batch of a job's items: reads their credentials (and, for CLRs, what this job reissued
 * of what they embed), signs each again at once (in the proof pool on Node), and writes every new
 * document with its item's mark in one transaction. Each write holds only while the item is still pending,
 * so of two runners of a job the first to commit reissues a credential and the other changes nothing.
 */
async function reissueBatch(
  deps: KeyDeps & Pick<Deps, 'log'>,
  job: { id: string; institutionId: string },
  ids: string[],
) {
  const db = deps.db.kysely;
  const rows = await db.selectFrom('credential').select(['id', 'document']).where('id', 'in', ids).execute();
  const documents = new Map(rows.map((r) => [r.id, r.document]));
  const parsed = new Map(rows.map((r) => [r.id, JSON.parse(r.document) as JsonObject]));
  const partIds = [...parsed.values()].flatMap((d) => partsOf(d).flatMap((p) => partId(p) ?? []));
  const found = await readInChunks([...new Set(partIds)], (part) =>
    db
      .selectFrom('reissue_job_item as i')
      .innerJoin('credential as c', 'c.id', 'i.credential_id')
      .select(['c.id', 'c.document'])
      .where('i.job_id', '=', job.id)
      .where('i.credential_id', 'in', part)
      .where('i.previous_document', 'is not', null)
      .execute(),
  );
  const reissued = new Map(found.map((f) => [f.id, JSON.parse(f.document) as JsonObject]));
  const signer = await signerFor(deps, job.institutionId);
  const outcomes = await Promise.allSettled(
    ids.map(async (id) => {
      const stored = parsed.get(id);
      if (!stored) throw new Error('the credential is no longer stored');
      return signedAgain(signer, stored, reissued);
    }),
  );
  const item = (id: string) =>
    db
      .updateTable('reissue_job_item')
      .where('job_id', '=', job.id)
      .where('credential_id', '=', id)
      .where('state', '=', 'pending');
  await deps.db.atomically(
    ids.flatMap((id, i) => {
      const outcome = outcomes[i] as PromiseSettledResult<JsonObject | undefined>;
      if (outcome.status === 'rejected') {
        const error = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
        deps.log.warn('reissue job: a credential failed', { job: job.id, credential: id, error });
        return [item(id).set({ state: 'failed', error })];
      }
      if (outcome.value === undefined) return [item(id).set({ state: 'done' })];
      const previous = documents.get(id) as string;
      return [
        db
          .updateTable('credential')
          .set({ document: JSON.stringify(outcome.value) })
          .where('id', '=', id)
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('reissue_job_item')
                .select('credential_id')
                .where('job_id', '=', job.id)
                .where('credential_id', '=', id)
                .where('state', '=', 'pending'),
            ),
          ),
        item(id).set({
          state: 'done',
          previous_document: previous,
          reissued_at: signer.now.toISOString(),
        }),
      ];
    }),
  );
}

/**
 * Runs a reissue job (see startReissueJob) to its end: its pending credentials in batches, two at a
 * time, what retired keys signed first and the CLRs after (they embed the new documents), each signed
 * again by the instelling's active key with its id, claims and status entry kept. Progress goes to the
 * log and to `GET /institutions/{id}/reissue-jobs/{jobId}`. Stopped by `signal` or a crash, it is resumed
 * by resumeReissueJobs (start-up on Node, the cron trigger on Workers), which reissues nothing twice.
 * @example const { done, failed } = await runReissueJob(deps, job.id)
 */
export async function runReissueJob(
  deps: KeyDeps & Pick<Deps, 'log'>,
  id: string,
  options: ReissueOptions = {},
): Promise<ReissueProgress> {
  const db = deps.db.kysely;
  const job = await db
    .selectFrom('reissue_job')
    .select('institution_id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!job) throw fail.notFound('reissue job', id);
  const institutionId = job.institution_id;
  const pendingIn = (phase: number) => async () =>
    (
      await db
        .selectFrom('reissue_job_item')
        .select('credential_id')
        .where('job_id', '=', id)
        .where('phase', '=', phase)
        .where('state', '=', 'pending')
        .orderBy('credential_id')
        .execute()
    ).map((p) => p.credential_id);
  return runJob(deps.log, options, {
    name: 'reissue job',
    id,
    read: () => reissueProgress(deps, institutionId, id),
    // What retired keys signed first, then the CLRs that embed it.
    pending: [pendingIn(0), pendingIn(1)],
    work: (batch) => reissueBatch(deps, { id, institutionId }, batch),
    finish: () =>
      db
        .updateTable('reissue_job')
        .set({ state: 'done', finished_at: deps.now().toISOString() })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .execute(),
  });
}

/**
 * Runs every reissue job a crash or stop left running, one after another: part of the start-up sweep
 * on Node and of the cron trigger on Workers. Returns their progress.
 * @example await resumeReissueJobs(deps)
 */
export async function resumeReissueJobs(
  deps: KeyDeps & Pick<Deps, 'log'>,
  options: ReissueOptions = {},
): Promise<ReissueProgress[]> {
  const running = await deps.db.kysely
    .selectFrom('reissue_job')
    .select('id')
    .where('state', '=', 'running')
    .orderBy('started_at')
    .execute();
  const progress: ReissueProgress[] = [];
  for (const { id } of running) progress.push(await runReissueJob(deps, id, options));
  return progress;
}
