import { type Compilable, type SqlBool, sql } from 'kysely';
import {
  credentialSchemaErrors,
  envelope,
  type JsonObject,
  signCredential,
  signVcJwt,
} from '../credentials/index.js';
import { ConstraintError } from '../db/database.js';
import { type Actor, auditEventIf } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { credentialRow } from './credential-row.js';
import type { KeyDeps } from './issuer-keys.js';
import { signerFor } from './signer.js';
import { drawStatusEntry, type StatusAllocation, statusListOf } from './status-lists.js';

/** How often a random index is drawn again when the one drawn is taken. */
const MAX_ATTEMPTS = 64;

/** What to issue, for whom, and what else its transaction writes. */
export interface IssueSpec {
  /** The issuing instelling: the credential is signed with its key and gets an entry on its status list. */
  institutionId: string;
  /** The id the caller chose; a new `urn:uuid:` when absent. An id issued before is a conflict. */
  credentialId?: string | undefined;
  /** A Data Integrity proof (`ldp`), or a VC-JWT stored and answered as an enveloped credential. */
  format: 'ldp' | 'vc+jwt';
  /** The unsigned credential with this id and this status entry. */
  build: (id: string, credentialStatus: JsonObject) => JsonObject;
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

/** What was issued: its id, the document as stored, and where its status lives. */
export interface Issued {
  id: string;
  credential: JsonObject;
  status: StatusAllocation;
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

/**
 * Issues a credential: the one way a `credential` row, its status entry and its audit event are
 * written. It draws a random index in the institution's status list, builds and signs the credential
 * with the one `credentialStatus` entry that points at it (see statusEntry), and writes the row,
 * `alongside`, the audit event and the entry in one transaction. Entry and audit follow the row: a row whose
 * insert was ignored (`conflict: 'once-per-module'`) leaves none, and a failure or crash at any point
 * leaves nothing. A drawn index that turns out taken rolls the transaction back, and it draws, signs and
 * stores again. An id issued before is a conflict; any other refusal (the credential does not meet a
 * schema it names, signing refused it, a unique constraint of `alongside`) reaches the caller with
 * nothing written.
 * @example const { id, credential } = await issueCredential(deps, { institutionId: 'han', format: 'ldp', build: (id, credentialStatus) => ({ ...unsigned, id, credentialStatus }), audit: { actor, action: 'credential.issued' } })
 */
export async function issueCredential(deps: KeyDeps, spec: IssueSpec): Promise<Issued> {
  const db = deps.db.kysely;
  const id = spec.credentialId ?? `urn:uuid:${deps.newId()}`;
  if (spec.credentialId !== undefined && (await isIssued(deps, id))) throw issuedTwice(id);
  const list = await statusListOf(deps, spec.institutionId);
  const signer = await signerFor(deps, spec.institutionId);
  const field = spec.field ?? 'credential';
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const status = drawStatusEntry(deps, list);
    const unsigned = spec.build(id, status.credentialStatus);
    refuseUnmetSchemas(deps, unsigned, field);
    const credential =
      spec.format === 'vc+jwt'
        ? envelope(await signVcJwt(signer, unsigned, field))
        : await signCredential(signer, unsigned, field);
    const at = deps.now().toISOString();
    const row = db.insertInto('credential').values(
      credentialRow({
        id,
        institutionId: spec.institutionId,
        ...spec.holder,
        document: credential,
        issuedAt: at,
        statusEntry: status.slot,
      }),
    );
    const { listId, index } = status.slot;
    const insertEntry = sql`INSERT INTO status_list_entry (status_list_id, status_list_index, credential_id, allocated_at)
        SELECT ${listId}, ${index}, ${id}, ${at} WHERE ${credentialStored(id)}`;
    const entry = { compile: () => insertEntry.compile(db) };
    const { actor, action, detail } = spec.audit;
    try {
      await deps.db.atomically([
        spec.conflict === 'once-per-module'
          ? row.onConflict((oc) => oc.columns(['route_id', 'module_id']).doNothing())
          : row,
        ...(spec.alongside?.(id) ?? []),
        auditEventIf(deps, actor, action, 'credential', id, detail, credentialStored(id)),
        entry,
      ]);
      return { id, credential, status };
    } catch (error) {
      if (idTaken(error)) throw issuedTwice(id);
      if (!indexTaken(error)) throw error;
    }
  }
  throw new Error(`no free index found in the status list of '${spec.institutionId}'`);
}

/**
 * Refuses (invalid at `field` and the path) a credential that names a schema this service does not hold,
 * or does not meet one it names: what we issue meets the schemas it names, 1EdTech's official ones included.
 */
function refuseUnmetSchemas(deps: Pick<Deps, 'urls'>, unsigned: JsonObject, field: string): void {
  const errors = credentialSchemaErrors(deps.urls, unsigned);
  if (errors.length > 0)
    throw fail.invalidFields(
      errors.map((e) => ({
        field: e.path ? `${field}.${e.path}` : field,
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
