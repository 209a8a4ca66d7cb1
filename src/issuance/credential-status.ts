import { type SqlBool, sql } from 'kysely';
import type { StatusPurpose } from '../credentials/index.js';
import { readInChunks } from '../db/chunks.js';
import { type Actor, auditEventIf } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { signedOffModulesOf } from '../signoffs/index.js';
import type { KeyDeps } from './issuer-keys.js';
import { signedStatusList } from './status-lists.js';

export type CredentialState = 'active' | 'revoked' | 'suspended';
export type StatusChange = 'revoke' | 'suspend' | 'reinstate';

export interface CredentialStatusView {
  credentialId: string;
  status: CredentialState;
  revokedAt?: string;
  suspendedAt?: string;
  /** The copies wallets picked up, which followed the change. */
  copies?: string[];
}

/**
 * A credential's state from its row: revoked outranks suspended.
 * @example stateOf({ revoked_at: null, suspended_at: '2026-11-22T09:00:00Z' }) // 'suspended'
 */
export const stateOf = (row: { revoked_at: string | null; suspended_at: string | null }): CredentialState =>
  row.revoked_at !== null ? 'revoked' : row.suspended_at !== null ? 'suspended' : 'active';

const viewOf = (row: {
  id: string;
  revoked_at: string | null;
  suspended_at: string | null;
}): CredentialStatusView => ({
  credentialId: row.id,
  status: stateOf(row),
  ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
  ...(row.suspended_at === null ? {} : { suspendedAt: row.suspended_at }),
});

const ACTIONS: Record<StatusChange, string> = {
  revoke: 'revoked',
  suspend: 'suspended',
  reinstate: 'reinstated',
};

/** The one update a change makes, guarded so that a concurrent duplicate changes no row. */
function updateFor(deps: Pick<Deps, 'db'>, credentialId: string, change: StatusChange, at: string) {
  const update = deps.db.kysely
    .updateTable('credential')
    .where('id', '=', credentialId)
    .where('revoked_at', 'is', null);
  if (change === 'revoke') return update.set({ revoked_at: at });
  if (change === 'suspend') return update.set({ suspended_at: at }).where('suspended_at', 'is', null);
  return update.set({ suspended_at: null }).where('suspended_at', 'is not', null);
}

/** A VC-API status update (`POST /credentials/status`) in either of its shapes. */
export interface StatusUpdate {
  credentialStatus: { statusPurpose: StatusPurpose } | Array<{ status: CredentialState }>;
  status?: boolean | undefined;
}

/**
 * The change a VC-API status update asks for: a `statusPurpose` with `status` true (revoke, suspend) or
 * false (reinstate a suspension; a revocation cannot be cleared), or the earlier array shape naming the
 * state to reach.
 * @example requestedChange({ credentialStatus: { statusPurpose: 'suspension' }, status: false }) // 'reinstate'
 */
export function requestedChange(update: StatusUpdate): StatusChange {
  if (Array.isArray(update.credentialStatus)) {
    const [entry] = update.credentialStatus;
    return entry?.status === 'revoked' ? 'revoke' : entry?.status === 'suspended' ? 'suspend' : 'reinstate';
  }
  if (update.status === undefined)
    throw fail.invalid('status', 'say true (set the status) or false (clear it)');
  const { statusPurpose } = update.credentialStatus;
  if (statusPurpose === 'revocation' && !update.status)
    throw fail.conflict('Revocation is final: a revocation status cannot be cleared.');
  return statusPurpose === 'revocation' ? 'revoke' : update.status ? 'suspend' : 'reinstate';
}

/**
 * Revokes, suspends or reinstates a credential (who may is declared on the operation). Revocation is
 * final: revoking twice, or suspending or reinstating a revoked credential, is a conflict, as is
 * suspending a suspended or reinstating an active one, and so is reinstating a module credential whose
 * module a correction took back (see refuseWhileTakenBack). The list that holds the change is the
 * credential's `message` list (one entry, issued since issue 9) or, for a credential issued before, its
 * 1-bit list of the change's purpose. The credential row, the list's version and the audit row change in
 * one batch; the list is then signed again (or on its next fetch), its entries derived from the rows.
 * The copies wallets picked up of the credential follow the change in the same batch, each under its
 * own entry and with its own audit event (`follows` naming the original); the answer lists them.
 * `detail` is recorded in each of those audit events besides the reason (the correcting sign-off of a
 * suspension that follows a correction, say).
 * @example await changeCredentialStatus(deps, opleider, 'urn:uuid:…', 'revoke', 'fraude bij toetsing')
 */
export async function changeCredentialStatus(
  deps: KeyDeps & Pick<Deps, 'log'>,
  actor: Actor,
  credentialId: string,
  change: StatusChange,
  reason: string,
  detail: Record<string, string> = {},
): Promise<CredentialStatusView> {
  const db = deps.db.kysely;
  const row = await db
    .selectFrom('credential')
    .select(['id', 'revoked_at', 'suspended_at', 'route_id', 'module_id'])
    .where('id', '=', credentialId)
    .executeTakeFirst();
  if (!row) throw fail.notFound('credential', credentialId);
  if (row.revoked_at !== null)
    throw fail.conflict(
      change === 'revoke'
        ? `Credential '${credentialId}' is already revoked.`
        : `Credential '${credentialId}' is revoked, and revocation is final.`,
    );
  if (change === 'suspend' && row.suspended_at !== null)
    throw fail.conflict(`Credential '${credentialId}' is already suspended.`);
  if (change === 'reinstate' && row.suspended_at === null)
    throw fail.conflict(`Credential '${credentialId}' is not suspended; there is nothing to reinstate.`);
  if (change === 'reinstate') await refuseWhileTakenBack(deps, row);

  const purpose: StatusPurpose = change === 'revoke' ? 'revocation' : 'suspension';
  // A copy a wallet picked up holds the same achievement under a status entry of its own. It follows
  // its original: what the instelling revokes or suspends stops verifying in the wallet too.
  const entries = await statusEntriesOf(deps, credentialId, purpose);
  const entry = entries.get(credentialId);
  if (!entry)
    throw fail.conflict(
      `Credential '${credentialId}' was issued without a ${purpose} status entry, so its status cannot be changed.`,
    );
  const followers = [...entries]
    .filter(([id]) => id !== credentialId)
    .map(([id, held]) => ({ id, entry: held }));

  const at = deps.now().toISOString();
  const changed = (id: string, held: StatusEntry, follows: Record<string, string>) => [
    updateFor(deps, id, change, at),
    // Only the writer whose update changed the row records the event (a concurrent duplicate does not).
    auditEventIf(
      deps,
      actor,
      `credential.${ACTIONS[change]}`,
      'credential',
      id,
      {
        ...detail,
        reason,
        statusList: held.status_list_id,
        statusListIndex: held.status_list_index,
        ...follows,
      },
      sql<SqlBool>`changes() = 1`,
    ),
  ];
  const lists = [...new Set([entry, ...followers.map((f) => f.entry)].map((e) => e.status_list_id))];
  await deps.db.atomically([
    ...changed(credentialId, entry, {}),
    ...followers.flatMap((f) => changed(f.id, f.entry, { follows: credentialId })),
    ...lists.map((id) =>
      db
        .updateTable('status_list')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', id),
    ),
  ]);

  for (const list of lists) {
    try {
      await signedStatusList(deps, list);
    } catch (error) {
      deps.log.error('re-signing a status list failed; its next fetch signs it', { statusList: list, error });
    }
  }
  const after = await db
    .selectFrom('credential')
    .select(['id', 'revoked_at', 'suspended_at'])
    .where('id', '=', credentialId)
    .executeTakeFirstOrThrow();
  return { ...viewOf(after), ...(followers.length > 0 ? { copies: followers.map((f) => f.id) } : {}) };
}

/**
 * A module credential is valid only while its module is completed: one whose module a correction of its
 * sign-off took back is not reinstated by hand (a conflict naming the correction). It is reinstated when
 * the module is passed again (followCorrections), and a correction that was itself wrong is corrected in
 * turn, which reinstates it the same way. A credential of no route (a stacked award, one submitted
 * through the VC-API) has no module to ask about.
 */
async function refuseWhileTakenBack(
  deps: Pick<Deps, 'db'>,
  credential: { id: string; route_id: string | null; module_id: string | null },
): Promise<void> {
  if (credential.route_id === null || credential.module_id === null) return;
  const taken = (await signedOffModulesOf(deps, [credential.route_id]))
    .get(credential.route_id)
    ?.corrected.find((m) => m.moduleId === credential.module_id);
  if (taken)
    throw fail.conflict(
      `Credential '${credential.id}' cannot be reinstated: a correction of a sign-off took its module back ` +
        `(${taken.correction.reason}). It is valid again once the module is passed again.`,
    );
}

/** Where a credential's status of `purpose` is held. */
type StatusEntry = { status_list_id: string; status_list_index: number };

/**
 * The status entries that hold the `purpose` of a credential and of each copy wallets picked up of it,
 * by credential (copies in id order): its one `message` entry or (issued before issue 9) its 1-bit entry
 * of that purpose. One query, however many copies.
 */
async function statusEntriesOf(
  deps: Pick<Deps, 'db'>,
  credentialId: string,
  purpose: StatusPurpose,
): Promise<Map<string, StatusEntry>> {
  const rows = await deps.db.kysely
    .selectFrom('status_list_entry as e')
    .innerJoin('status_list as l', 'l.id', 'e.status_list_id')
    .select(['e.credential_id', 'e.status_list_id', 'e.status_list_index'])
    .where((eb) =>
      eb.or([
        eb('e.credential_id', '=', credentialId),
        eb(
          'e.credential_id',
          'in',
          eb
            .selectFrom('credential_pickup')
            .select('credential_id')
            .where('source_credential_id', '=', credentialId),
        ),
      ]),
    )
    .where('l.purpose', 'in', [purpose, 'message'])
    .orderBy('e.credential_id')
    .execute();
  return new Map(rows.map(({ credential_id, ...entry }) => [credential_id, entry]));
}

/** A status change of a credential as its audit event records it. */
export interface StatusEvent {
  change: StatusChange;
  reason: string;
  /** The correcting sign-off the change followed (see followCorrections); absent for any other change. */
  correction?: string;
  /** When it changed, as the audit records it. */
  at: string;
  /** Where the event stands in the audit: a later event has a greater position. */
  position: number;
}

const CHANGES = Object.fromEntries(
  Object.entries(ACTIONS).map(([change, action]) => [`credential.${action}`, change]),
);

/**
 * Every status change of these credentials (not of their copies), oldest first, read from the audit
 * events changeCredentialStatus writes; a credential whose status never changed has none. Ordered by
 * the audit's rowid, as the events were written: the clock may give two events the same time.
 * @example (await statusHistoryOf(deps, [id])).get(id)?.at(-1) // { change: 'suspend', reason: 'Toets bleek onvolledig', correction: '…', at: '2026-12-03T09:00:00.000Z', position: 812 }
 */
export async function statusHistoryOf(
  deps: Pick<Deps, 'db'>,
  credentialIds: readonly string[],
): Promise<Map<string, StatusEvent[]>> {
  const rows = await readInChunks(credentialIds, (ids) =>
    deps.db.kysely
      .selectFrom('audit_event')
      .select(['resource_id', 'action', 'detail', 'at', sql<number>`rowid`.as('position')])
      .where('resource_type', '=', 'credential')
      .where('resource_id', 'in', ids)
      .where('action', 'in', Object.keys(CHANGES))
      .orderBy(sql`rowid`)
      .execute(),
  );
  const history = new Map<string, StatusEvent[]>();
  for (const row of rows) {
    const detail = JSON.parse(row.detail ?? '{}') as { reason?: unknown; correction?: unknown };
    const event: StatusEvent = {
      change: CHANGES[row.action] as StatusChange,
      reason: typeof detail.reason === 'string' ? detail.reason : '',
      ...(typeof detail.correction === 'string' ? { correction: detail.correction } : {}),
      at: row.at,
      position: row.position,
    };
    history.set(row.resource_id, [...(history.get(row.resource_id) ?? []), event]);
  }
  return history;
}
