import { type Compilable, type SqlBool, sql } from 'kysely';
import {
  credentialPropertyErrors,
  credentialSchemaErrors,
  envelope,
  type JsonObject,
  publishedBy,
  type Signer,
  signCredential,
  signVcJwt,
} from '../credentials/index.js';
import { ConstraintError } from '../db/database.js';
import { type Actor, auditEventIf } from '../kernel/audit.js';
import { asError, fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { credentialRow } from './credential-row.js';
import type { KeyDeps } from './issuer-keys.js';
import { signerFor } from './signer.js';
import {
  drawStatusEntry,
  type StatusAllocation,
  type StatusListRef,
  statusListOf,
  takenIndexes,
} from './status-lists.js';

/** How often a random index is drawn again when the one drawn is taken. */
const MAX_ATTEMPTS = 64;

/** What to issue, for whom, and what else its transaction writes. */
export interface IssueSpec {
  /** The issuing instelling: the credential is signed with its key and gets an entry on its status list. */
  institutionId: string;
  /**
   * The issuer key (public Multikey) whose did:key the credential is issued under, with its own status
   * list; the instelling's did:web with its active key when absent.
   */
  issuerKey?: string | undefined;
  /**
   * The caller's own `credentialStatus`, when the issuer runs the status itself (VC-API): handed to
   * `build` as it is, and no entry is allocated on our list. Absent: an entry on the issuer's list.
   */
  givenStatus?: { credentialStatus: unknown } | undefined;
  /** The id the caller chose; a new `urn:uuid:` when absent. An id issued before is a conflict. */
  credentialId?: string | undefined;
  /** A Data Integrity proof (`ldp`), or a VC-JWT stored and answered as an enveloped credential. */
  format: 'ldp' | 'vc+jwt';
  /** The unsigned credential with this id and this status entry (ours, or `givenStatus`'s). */
  build: (id: string, credentialStatus: unknown) => JsonObject;
  /** The field a submitted credential came in, to name what is refused (`credential`). */
  field?: string;
  /** Whom the credential row records it for, besides its issuer. */
  holder?: { learnerId?: string | undefined; routeId?: string | undefined; moduleId?: string | undefined };
  /** The audit event of the issue; written only when the credential row is. */
  audit: { actor: Actor; action: string; detail?: unknown };
  /** More writes of the same transaction, after the credential row (e.g. the award it makes). */
  alongside?: (id: string) => Compilable[];
  /**
   * `once-per-module`: when the (route, module) of `holder` already has a credential, this one is not
   * stored and nothing of it is written: the loser of two concurrent issuers leaves no trace.
   */
  conflict?: 'once-per-module';
}

/** What was issued: its id, the document as stored, and where its status lives (none for a given status). */
export interface Issued {
  id: string;
  credential: JsonObject;
  status: StatusAllocation | undefined;
}

/**
 * Whether the credential row is in the database at this point of the transaction: what makes its
 * status entry and audit row follow it, and a row whose insert was ignored leave neither.
 */
const credentialStored = (id: string) => sql<SqlBool>`EXISTS (SELECT 1 FROM credential WHERE id = ${id})`;

/** A constraint failure saying a drawn index is taken (by an entry, or a credential row's). */
const indexTaken = (error: unknown) =>
  error instanceof ConstraintError &&
  error.kind === 'unique' &&
  (error.message.startsWith('status_list_entry.status_list_id') ||
    error.message.startsWith('credential.status_list_id'));

/** A constraint failure saying the credential id is taken. */
const idTaken = (error: unknown) =>
  error instanceof ConstraintError && error.kind === 'unique' && error.message.startsWith('credential.id');

const issuedTwice = (id: string) =>
  fail.conflict(`Credential '${id}' is already issued: a credential id is issued once.`);

/** Where a spec's credential is signed and listed: its issuer's signer and status list (none for a given status). */
interface Issuing {
  signer: Signer;
  list: StatusListRef | undefined;
}

const issuingOf = async (deps: KeyDeps, spec: IssueSpec): Promise<Issuing> => ({
  signer: await signerFor(deps, spec.institutionId, spec.issuerKey),
  list: spec.givenStatus
    ? undefined
    : await statusListOf(deps, { institutionId: spec.institutionId, issuerKey: spec.issuerKey ?? null }),
});

/** A credential signed and ready to store: what the caller gets, and the writes of its transaction. */
interface Prepared {
  issued: Issued;
  writes: Compilable[];
}

/** The id the spec asks for, refused when it was issued before; a new `urn:uuid:` when it asks for none. */
async function idFor(deps: KeyDeps, spec: IssueSpec): Promise<string> {
  if (spec.credentialId === undefined) return `urn:uuid:${deps.newId()}`;
  if (await isIssued(deps, spec.credentialId)) throw issuedTwice(spec.credentialId);
  return spec.credentialId;
}

/** Builds, checks and signs the spec's credential with this status entry, and lists what storing it writes. */
async function prepare(
  deps: KeyDeps,
  spec: IssueSpec,
  id: string,
  { signer }: Issuing,
  status: StatusAllocation | undefined,
): Promise<Prepared> {
  const field = spec.field ?? 'credential';
  const unsigned = spec.build(id, status ? status.credentialStatus : spec.givenStatus?.credentialStatus);
  await refuseMalformed(deps, unsigned, field);
  const credential =
    spec.format === 'vc+jwt'
      ? envelope(await signVcJwt(signer, unsigned, field))
      : await signCredential(signer, unsigned, field);
  const at = deps.now().toISOString();
  const row = deps.db.kysely.insertInto('credential').values(
    credentialRow({
      id,
      institutionId: spec.institutionId,
      ...spec.holder,
      document: credential,
      issuedAt: at,
      ...(status ? { statusEntry: status.slot } : {}),
    }),
  );
  const { actor, action, detail } = spec.audit;
  return {
    issued: { id, credential, status },
    writes: [
      spec.conflict === 'once-per-module'
        ? row.onConflict((oc) => oc.columns(['route_id', 'module_id']).doNothing())
        : row,
      ...(spec.alongside?.(id) ?? []),
      auditEventIf(deps, actor, action, 'credential', id, detail, credentialStored(id)),
      ...(status ? entryWrites(deps, id, status, at) : []),
    ],
  };
}

/**
 * Stores a prepared credential in a transaction of its own. A drawn index that turns out taken rolls it
 * back, and it is drawn, signed and stored again (at most MAX_ATTEMPTS times in all); an id issued
 * before is a conflict.
 */
async function store(
  deps: KeyDeps,
  spec: IssueSpec,
  issuing: Issuing,
  prepared: Prepared,
  attempt = 1,
): Promise<Issued> {
  try {
    await deps.db.atomically(prepared.writes);
    // Counted here, where every credential is issued (API, sign-offs, awards, pickups, jobs). A module
    // credential that lost a race to its twin (once-per-module) is counted too: its row was not kept.
    deps.metrics?.credentials('issued');
    return prepared.issued;
  } catch (error) {
    const { id } = prepared.issued;
    if (idTaken(error)) throw issuedTwice(id);
    if (!indexTaken(error)) throw error;
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`no free index found in the status list of '${spec.institutionId}'`);
    const again = await prepare(deps, spec, id, issuing, issuing.list && drawStatusEntry(deps, issuing.list));
    return store(deps, spec, issuing, again, attempt + 1);
  }
}

/**
 * Issues a credential: the one way a `credential` row, its status entry and its audit event are
 * written. It draws a random index in the issuer's status list (see statusListOf: a full list gets a
 * successor), builds and signs the credential with the one `credentialStatus` entry that points at it
 * (see statusEntry), and writes the row, `alongside`, the audit event, the entry and the list's count
 * in one transaction. With `givenStatus` the caller's own status is signed as it is and nothing is
 * allocated. Entry and audit follow the row: a row whose insert was ignored
 * (`conflict: 'once-per-module'`) leaves none, and a failure or crash at any point leaves nothing. A
 * drawn index that turns out taken rolls the transaction back, and it draws, signs and stores again. An
 * id issued before is a conflict; any other refusal (a property the data model forbids, a schema the
 * credential names and does not meet, signing refused it, a unique constraint of `alongside`) reaches
 * the caller with nothing written.
 * @example const { id, credential } = await issueCredential(deps, { institutionId: 'han', format: 'ldp', build: (id, credentialStatus) => ({ ...unsigned, id, credentialStatus }), audit: { actor, action: 'credential.issued' } })
 */
export async function issueCredential(deps: KeyDeps, spec: IssueSpec): Promise<Issued> {
  const id = await idFor(deps, spec);
  const issuing = await issuingOf(deps, spec);
  const status = issuing.list && drawStatusEntry(deps, issuing.list);
  return store(deps, spec, issuing, await prepare(deps, spec, id, issuing, status));
}

/**
 * Issues many credentials as issueCredential issues one, with one commit for all of them: what a cohort
 * takes. The signer and status list of each issuer are looked up once, indexes are drawn distinct
 * within the batch and drawn again where a stored credential holds one, every credential is signed at
 * once (in the proof pool on Node), and all that was signed is written in one transaction. Should that
 * transaction fail (an index taken meanwhile, a constraint of one spec), each credential is stored by
 * itself instead, as issueCredential would: a taken index is drawn and signed again, and a refusal
 * stays with its own spec. Answers each spec in order, with what was issued or why it was not.
 * @example const [first] = await issueCredentials(deps, specs); if (first instanceof Error) …
 */
export async function issueCredentials(
  deps: KeyDeps,
  specs: readonly IssueSpec[],
): Promise<(Issued | Error)[]> {
  const issuings = new Map<string, Promise<Issuing>>();
  const drawn = new Map<string, Set<number>>();
  const distinctDraw = (list: StatusListRef): StatusAllocation => {
    const taken = drawn.get(list.id) ?? new Set<number>();
    drawn.set(list.id, taken);
    for (;;) {
      const status = drawStatusEntry(deps, list);
      if (taken.has(status.slot.index)) continue;
      taken.add(status.slot.index);
      return status;
    }
  };
  const issuingFor = (spec: IssueSpec) => {
    const key = `${spec.institutionId}\n${spec.issuerKey ?? ''}\n${spec.givenStatus ? 'given' : 'ours'}`;
    const known = issuings.get(key);
    if (known) return known;
    const made = issuingOf(deps, spec);
    issuings.set(key, made);
    return made;
  };
  const started = await Promise.allSettled(
    specs.map(async (spec) => ({ id: await idFor(deps, spec), issuing: await issuingFor(spec) })),
  );
  const statuses = started.map((s) =>
    s.status === 'fulfilled' && s.value.issuing.list ? distinctDraw(s.value.issuing.list) : undefined,
  );
  // Indexes are drawn at random, and one a stored credential holds fails the whole transaction below.
  // With a list 5 % full, four batches of 32 in five would, and be stored credential by credential; so
  // the drawn indexes are looked up first and the taken ones drawn again, before anything is signed.
  const lists = new Map(
    started
      .flatMap((s) => (s.status === 'fulfilled' && s.value.issuing.list ? [s.value.issuing.list] : []))
      .map((list) => [list.id, list] as const),
  );
  const indexAt = (i: number) => (statuses[i] as StatusAllocation).slot.index;
  for (const list of lists.values()) {
    let asking = statuses.flatMap((status, i) => (status?.slot.listId === list.id ? [i] : []));
    for (let attempt = 1; asking.length > 0 && attempt < MAX_ATTEMPTS; attempt++) {
      const taken = await takenIndexes(deps, list.id, asking.map(indexAt));
      asking = asking.filter((i) => taken.has(indexAt(i)));
      for (const i of asking) statuses[i] = distinctDraw(list);
    }
  }
  const prepared = await Promise.allSettled(
    started.map(async (s, i) => {
      if (s.status === 'rejected') throw s.reason;
      const { id, issuing } = s.value;
      return { issuing, prepared: await prepare(deps, specs[i] as IssueSpec, id, issuing, statuses[i]) };
    }),
  );
  const signed = prepared.flatMap((p) => (p.status === 'fulfilled' ? [p.value.prepared] : []));
  try {
    if (signed.length > 0) await deps.db.atomically(signed.flatMap((p) => p.writes));
    for (const _ of signed) deps.metrics?.credentials('issued');
    return prepared.map((p) => (p.status === 'fulfilled' ? p.value.prepared.issued : asError(p.reason)));
  } catch {
    return Promise.all(
      prepared.map(async (p, i) => {
        if (p.status === 'rejected') return asError(p.reason);
        return store(deps, specs[i] as IssueSpec, p.value.issuing, p.value.prepared).catch(asError);
      }),
    );
  }
}

/** The status entry of a stored credential, and its list's count of entries given out (see statusListOf). */
function entryWrites(deps: KeyDeps, id: string, status: StatusAllocation, at: string): Compilable[] {
  const db = deps.db.kysely;
  const { listId, index } = status.slot;
  const insertEntry = sql`INSERT INTO status_list_entry (status_list_id, status_list_index, credential_id, allocated_at)
        SELECT ${listId}, ${index}, ${id}, ${at} WHERE ${credentialStored(id)}`;
  const count = db
    .updateTable('status_list')
    .set((eb) => ({ allocated: eb('allocated', '+', 1) }))
    .where('id', '=', listId)
    .where(credentialStored(id));
  return [{ compile: () => insertEntry.compile(db) }, count];
}

/**
 * Refuses (invalid at `field` and the path) a credential whose optional properties break what VC Data
 * Model 2.0 requires of them (see credentialPropertyErrors: status, schemas, refresh services, related
 * resources and their digests), that names a schema this service does not hold, or that does not meet
 * one it names: what we issue meets the schemas it names, 1EdTech's official ones included.
 */
async function refuseMalformed(deps: Pick<Deps, 'urls'>, unsigned: JsonObject, field: string): Promise<void> {
  const at = (path: string) => (path ? `${field}.${path}` : field);
  const malformed = await credentialPropertyErrors(unsigned, publishedBy(deps.urls));
  if (malformed.length > 0)
    throw fail.invalidFields(malformed.map((e) => ({ field: at(e.path), message: e.message })));
  const errors = credentialSchemaErrors(deps.urls, unsigned);
  if (errors.length > 0)
    throw fail.invalidFields(
      errors.map((e) => ({
        field: at(e.path),
        message: `${e.message} (a credential must meet the schema it names)`,
      })),
    );
}

/** Whether a credential with this id was issued here. */
async function isIssued(deps: Pick<Deps, 'db'>, id: string): Promise<boolean> {
  const found = await deps.db.kysely
    .selectFrom('credential')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  return found !== undefined;
}
