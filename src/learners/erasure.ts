import type { Compilable } from 'kysely';
import { actorLabel } from '../kernel/audit.js';
import type { Deps } from '../kernel/ports.js';
import { learnerEvent } from './audit-trail.js';
import { ERASED, personalTexts, scrubJson } from './personal-data.js';

/** What an erasure keeps, and why: the answer to `DELETE /learners/{id}`. */
export const KEPT_AFTER_ERASURE = [
  {
    what: 'the learner id, as a tombstone without personal data',
    why: 'routes, sign-offs, credentials and audit events point at it; it names nobody',
  },
  {
    what: 'issued credentials: id, issuer, validity and status entry, without name, email, DID or evidence',
    why: 'verifiers must keep learning whether a credential the learner holds is revoked or suspended',
  },
  {
    what: 'routes, route versions and sign-offs, with accommodations, free text and the token subject removed',
    why: 'the instelling must keep its examination records (result, date, assessor) for the legal retention period',
  },
  {
    what: 'audit events, with the learner named by their id and their personal data removed from the details',
    why: 'who changed what stays accountable',
  },
] as const;

/**
 * The learner erases themselves (AVG art. 17), in one atomic batch: profile, evidence, grants, DID,
 * share links, sessions, idempotency answers and the credentials instellingen verified as theirs are
 * deleted; what must stay (see KEPT_AFTER_ERASURE) is pseudonymised: the learner row becomes a
 * tombstone, stored credential documents keep only what status changes and verifiers need, route
 * versions, sign-offs and audit details lose accommodations and any text of the learner's, and every
 * `learner:<subject>` becomes `learner:<id>`. Then the database forgets: SQLite overwrites deleted
 * content (`secure_delete`) and truncates its write-ahead log, so no copy stays in the files.
 * @example await eraseLearner(deps, learnerId) // then loadLearner(deps, learnerId) is a 404
 */
export async function eraseLearner(
  deps: Pick<Deps, 'db' | 'now' | 'newId'>,
  learnerId: string,
): Promise<typeof KEPT_AFTER_ERASURE> {
  const now = deps.now().toISOString();
  const db = deps.db.kysely;
  const learner = await db
    .selectFrom('learner')
    .selectAll()
    .where('id', '=', learnerId)
    .executeTakeFirstOrThrow();
  const [profiles, evidence, routes, credentials] = await Promise.all([
    db.selectFrom('learner_profile').select('content').where('learner_id', '=', learnerId).execute(),
    db
      .selectFrom('learner_evidence')
      .select(['title', 'description', 'issuer', 'document'])
      .where('learner_id', '=', learnerId)
      .execute(),
    db.selectFrom('route').select('id').where('learner_id', '=', learnerId).execute(),
    // Theirs, and the holder-bound copies their wallet picked up of them.
    db
      .selectFrom('credential')
      .select(['id', 'document'])
      .where((eb) =>
        eb.or([
          eb('learner_id', '=', learnerId),
          eb(
            'id',
            'in',
            eb
              .selectFrom('credential_pickup as p')
              .innerJoin('credential as c', 'c.id', 'p.source_credential_id')
              .select('p.credential_id')
              .where('c.learner_id', '=', learnerId),
          ),
        ]),
      )
      .execute(),
  ]);
  const texts = personalTexts(
    learner,
    [...profiles.map((p) => p.content), ...evidence.flatMap((e) => (e.document ? [e.document] : []))],
    evidence.flatMap((e) => [e.title, e.description]),
  );
  const routeIds = routes.map((r) => r.id);
  const asSubject =
    learner.subject === null ? undefined : actorLabel({ role: 'learner', sub: learner.subject });
  const asId = actorLabel({ role: 'learner', sub: learnerId });
  const renamed = new Map(asSubject ? [[asSubject, asId]] : []);

  // Rows that may hold a copy of the learner's texts, scrubbed here and rewritten in the batch.
  const inRoutes = routeIds.length > 0 ? routeIds : [''];
  // D1 binds at most 100 values per statement: the learner's texts are looked for in groups.
  const textGroups = groupsOf(texts, 40);
  const [versions, signoffs, auditGroups, idempotentGroups] = await Promise.all([
    db.selectFrom('route_version').selectAll().where('route_id', 'in', inRoutes).execute(),
    db
      .selectFrom('signoff')
      .select(['id', 'evidence', 'accommodations', 'reason'])
      .where('route_id', 'in', inRoutes)
      .execute(),
    Promise.all([
      db
        .selectFrom('audit_event')
        .select(['id', 'detail'])
        .where((eb) =>
          eb.or([
            eb.and([eb('resource_type', '=', 'learner'), eb('resource_id', '=', learnerId)]),
            eb('resource_id', 'in', inRoutes),
            eb('resource_id', 'in', eb.selectFrom('signoff').select('id').where('route_id', 'in', inRoutes)),
            ...(asSubject ? [eb('actor', '=', asSubject)] : []),
          ]),
        )
        .execute(),
      ...textGroups.map((group) =>
        db
          .selectFrom('audit_event')
          .select(['id', 'detail'])
          .where((eb) => eb.or(group.map((text) => eb(eb.fn('instr', ['detail', eb.val(text)]), '>', 0))))
          .execute(),
      ),
    ]),
    Promise.all([
      ...(asSubject
        ? [
            db
              .selectFrom('idempotency_key')
              .select(['principal', 'key'])
              .where('principal', 'like', `learner:%:${learner.subject}`)
              .execute(),
          ]
        : []),
      ...textGroups.map((group) =>
        db
          .selectFrom('idempotency_key')
          .select(['principal', 'key'])
          .where((eb) => eb.or(group.map((text) => eb(eb.fn('instr', ['response', eb.val(text)]), '>', 0))))
          .execute(),
      ),
    ]),
  ]);
  const audits = [...new Map(auditGroups.flat().map((row) => [row.id, row])).values()];
  const idempotent = [
    ...new Map(idempotentGroups.flat().map((row) => [`${row.principal}\n${row.key}`, row])).values(),
  ];

  const rewrites: Compilable[] = [
    ...versions.flatMap((v) => {
      const next = {
        inputs: scrubJson(v.inputs, texts, renamed),
        outcome: scrubJson(v.outcome, texts, renamed),
        change: scrubJson(v.change, texts, renamed),
      };
      return next.inputs === v.inputs && next.outcome === v.outcome && next.change === v.change
        ? []
        : [
            db
              .updateTable('route_version')
              .set(next)
              .where('route_id', '=', v.route_id)
              .where('version', '=', v.version),
          ];
    }),
    ...signoffs.map((s) =>
      db
        .updateTable('signoff')
        .set({
          evidence: scrubJson(s.evidence, texts, renamed),
          accommodations: '[]',
          reason: s.reason === null ? null : ERASED,
        })
        .where('id', '=', s.id),
    ),
    ...audits.flatMap((a) => {
      const detail = a.detail === null ? null : scrubJson(a.detail, texts, renamed);
      return detail === a.detail
        ? []
        : [db.updateTable('audit_event').set({ detail }).where('id', '=', a.id)];
    }),
    ...credentials.map((c) =>
      db
        .updateTable('credential')
        .set({ document: erasedDocument(c.document) })
        .where('id', '=', c.id),
    ),
    ...idempotent.map((row) =>
      db.deleteFrom('idempotency_key').where('principal', '=', row.principal).where('key', '=', row.key),
    ),
  ];
  const renames: Compilable[] = asSubject
    ? [
        db.updateTable('audit_event').set({ actor: asId }).where('actor', '=', asSubject),
        db.updateTable('route_approval').set({ approved_by: asId }).where('approved_by', '=', asSubject),
        db.updateTable('credential_offer').set({ created_by: asId }).where('created_by', '=', asSubject),
        db
          .deleteFrom('web_session')
          .where((eb) =>
            eb.and([
              eb(eb.fn('json_extract', ['principal', eb.val('$.role')]), '=', 'learner'),
              eb(eb.fn('json_extract', ['principal', eb.val('$.sub')]), '=', learner.subject),
            ]),
          ),
      ]
    : [];

  await deps.db.atomically([
    // First: route versions and sign-offs accept their pseudonymisation only once the learner is erased.
    db
      .updateTable('learner')
      .set({
        subject: null,
        name: null,
        email: null,
        did: null,
        status: 'erased',
        erased_at: now,
        updated_at: now,
      })
      .where('id', '=', learnerId),
    db
      .deleteFrom('learner_evidence_competency')
      .where('evidence_id', 'in', (eb) =>
        eb.selectFrom('learner_evidence').select('id').where('learner_id', '=', learnerId),
      ),
    db.deleteFrom('learner_evidence').where('learner_id', '=', learnerId),
    db.deleteFrom('learner_profile').where('learner_id', '=', learnerId),
    db.deleteFrom('learner_grant').where('learner_id', '=', learnerId),
    db.deleteFrom('learner_did_nonce').where('learner_id', '=', learnerId),
    // An award's parts before the award itself: a part points at it.
    db.deleteFrom('learner_credential').where('learner_id', '=', learnerId).where('part_of', 'is not', null),
    db.deleteFrom('learner_credential').where('learner_id', '=', learnerId),
    // The OpenID4VP requests among them first (each is one of their presentation requests); offers to
    // their wallet close, so nothing is picked up for them any more.
    db
      .deleteFrom('vp_request')
      .where('id', 'in', (eb) =>
        eb.selectFrom('presentation_request').select('id').where('learner_id', '=', learnerId),
      ),
    db.deleteFrom('presentation_request').where('learner_id', '=', learnerId),
    db
      .updateTable('credential_offer')
      .set({ state: 'withdrawn', closed_at: now })
      .where('learner_id', '=', learnerId)
      .where('state', 'in', ['open', 'redeemed']),
    // The DID a wallet proved picking up their credentials names them too.
    db
      .updateTable('credential_pickup')
      .set({ holder_did: ERASED })
      .where('source_credential_id', 'in', (eb) =>
        eb.selectFrom('credential').select('id').where('learner_id', '=', learnerId),
      ),
    db.deleteFrom('credential_share').where('learner_id', '=', learnerId),
    ...rewrites,
    ...renames,
    learnerEvent(deps, { role: 'learner', sub: learnerId }, 'erased', learnerId),
  ]);
  await deps.db.forget?.();
  return KEPT_AFTER_ERASURE;
}

/** `items` in groups of at most `size`. */
const groupsOf = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * What stays of an issued credential once its learner is erased: what a status change and a verifier
 * asking about its status need (id, type, issuer, validity, status entry), and a note why. A VC-JWT
 * (a compact string) keeps nothing of its payload.
 */
function erasedDocument(document: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    parsed = undefined;
  }
  const vc = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const issuer = vc.issuer;
  const issuerId =
    typeof issuer === 'string'
      ? issuer
      : typeof issuer === 'object' && issuer !== null
        ? (issuer as { id?: unknown }).id
        : undefined;
  return JSON.stringify({
    ...(vc.id === undefined ? {} : { id: vc.id }),
    ...(vc.type === undefined ? {} : { type: vc.type }),
    ...(issuerId === undefined ? {} : { issuer: issuerId }),
    ...(vc.validFrom === undefined ? {} : { validFrom: vc.validFrom }),
    ...(vc.validUntil === undefined ? {} : { validUntil: vc.validUntil }),
    ...(vc.credentialStatus === undefined ? {} : { credentialStatus: vc.credentialStatus }),
    erased: 'The learner erased their personal data; the status of this credential is kept for verifiers.',
  });
}
