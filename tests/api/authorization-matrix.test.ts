import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { didKeyWallet, registerDid } from '../../src/learners/holder-wallet.test-support.js';
import { praktijkopleider, startScenarioApp } from '../support/scenario-app.js';
import { admin, opleider, werkgever } from '../support/test-app.js';

// The authorization matrix of issue 8: every operation in /openapi.json, called over HTTP by every kind
// of caller, against the policy as the issue states it. The expectations are written here by hand from
// that policy, never by calling the rules in src/access, so the test catches a rule that is wrong too.
//
// One world: a learner at ROC Rivor (the owning institution; HAN is "another") on a route toward a role
// at Santé (the route's employer; Cordaan is "another"), who granted ROC Rivor and Santé their profile
// and evidence. pol-sante-1 is assigned to the route, pol-sante-3 has an assessor record but is not
// assigned, pol-sante-9 has no record at all. A sign-off completed a module, so a credential exists.

const OWN = 'roc-rivor';
const OTHER = 'han';
const EMPLOYER = 'sante';
const OTHER_EMPLOYER = 'cordaan';
const LEARNER = 'matrix-lerende';
const OTHER_LEARNER = 'matrix-ander';

const principals = {
  admin,
  opleiderOwn: opleider(OWN),
  opleiderOther: opleider(OTHER),
  assessorAssigned: praktijkopleider(EMPLOYER, 'pol-sante-1'),
  assessorUnassigned: praktijkopleider(EMPLOYER, 'pol-sante-3'),
  assessorWithoutRecord: praktijkopleider(EMPLOYER, 'pol-sante-9'),
  werkgeverOwn: werkgever(EMPLOYER),
  werkgeverOther: werkgever(OTHER_EMPLOYER),
  learner: { sub: LEARNER, role: 'learner' },
  otherLearner: { sub: OTHER_LEARNER, role: 'learner' },
} satisfies Record<string, Principal>;
type Caller = 'noToken' | keyof typeof principals;
const CALLERS: readonly Caller[] = ['noToken', ...(Object.keys(principals) as (keyof typeof principals)[])];

/** Who may call, in the words of the policy. */
const anyone = CALLERS;
const signedIn = CALLERS.filter((c) => c !== 'noToken');
const adminOnly: Caller[] = ['admin'];
/** Catalog writes of an institution: an admin or its own opleider. */
const institutionCatalog: Caller[] = ['admin', 'opleiderOwn'];
/** Catalog writes of an employer (roles, assessors, the employer itself): an admin or its werkgever. */
const employerCatalog: Caller[] = ['admin', 'werkgeverOwn'];
const ownOpleider: Caller[] = ['opleiderOwn'];
/** A route's parties: the learner, an assigned praktijkopleider, the employer's werkgever, the opleider. */
const routeParties: Caller[] = ['learner', 'opleiderOwn', 'assessorAssigned', 'werkgeverOwn'];
const approvers: Caller[] = ['learner', 'opleiderOwn', 'assessorAssigned', 'werkgeverOwn'];
const self: Caller[] = ['learner'];
/** The learner, or whoever reads for an institution or employer they granted (profile and evidence). */
const grantees: Caller[] = [
  'learner',
  'opleiderOwn',
  'werkgeverOwn',
  'assessorAssigned',
  'assessorUnassigned',
  'assessorWithoutRecord',
];
/** Issuing as, and changing the status of what was issued by, the owning instelling. */
const issuer: Caller[] = ['admin', 'opleiderOwn'];

/** The real ids every path parameter is filled with. */
interface World {
  learnerId: string;
  routeId: string;
  evidenceId: string;
  /** A grant to an institution none of the callers reads for, so withdrawing it changes no cell. */
  grantId: string;
  /** URL-encoded, as the path carries it. */
  credentialId: string;
  statusListId: string;
  recognitionId: string;
  frameworkId: string;
  competencyId: string;
  outcomeId: string;
  moduleId: string;
  qualificationId: string;
  roleId: string;
  assessorId: string;
  issuerDid: string;
  /** A presentation request of the owning instelling for the learner, who registered a DID for it. */
  presentationRequestId: string;
  /** An offer of the learner's credential to their wallet, and a request of the route's instelling to it. */
  credentialOfferId: string;
  walletRequestId: string;
  /** A public link the learner made to the credential. */
  shareId: string;
}

interface Row {
  /** Who the policy lets in; everyone else gets 403 (401 without a token). */
  who: readonly Caller[];
  /** The path with real ids; the operation's path itself when it has no parameters. */
  url?: (w: World) => string;
  /** The body, when access depends on what it names; otherwise `{}` for operations that take one. */
  body?: (w: World) => unknown;
}

/**
 * One row per operation. Operations that change what later cells see (approvals, key rotation,
 * evidence verification, withdrawing a grant, erasure) come last; within a row the refused callers go
 * first, so the learner erasing themselves is the very last call.
 */
const rows: Record<string, Row> = {
  'GET /institutions': { who: signedIn },
  'POST /institutions': { who: adminOnly },
  'GET /institutions/{id}': { who: signedIn, url: () => `/institutions/${OWN}` },
  'PATCH /institutions/{id}': { who: institutionCatalog, url: () => `/institutions/${OWN}` },
  'GET /frameworks': { who: signedIn },
  // An opleider's framework is always their own instelling's, whatever the body names (frameworks.test.ts).
  'POST /frameworks': { who: ['admin', 'opleiderOwn', 'opleiderOther'] },
  'GET /frameworks/{id}': { who: signedIn, url: (w) => `/frameworks/${w.frameworkId}` },
  'GET /competencies': { who: signedIn },
  'POST /competencies': { who: institutionCatalog, body: (w) => ({ frameworkId: w.frameworkId }) },
  'GET /competencies/{id}': { who: signedIn, url: (w) => `/competencies/${w.competencyId}` },
  'GET /learning-outcomes': { who: signedIn },
  'POST /learning-outcomes': { who: institutionCatalog, body: () => ({ institutionId: OWN }) },
  'GET /learning-outcomes/{id}': { who: signedIn, url: (w) => `/learning-outcomes/${w.outcomeId}` },
  'PATCH /learning-outcomes/{id}': {
    who: institutionCatalog,
    url: (w) => `/learning-outcomes/${w.outcomeId}`,
  },
  'GET /modules': { who: signedIn },
  'POST /modules': { who: institutionCatalog, body: () => ({ institutionId: OWN }) },
  'GET /modules/{id}': { who: signedIn, url: (w) => `/modules/${w.moduleId}` },
  'PATCH /modules/{id}': { who: institutionCatalog, url: (w) => `/modules/${w.moduleId}` },
  'GET /modules/{id}/versions': { who: signedIn, url: (w) => `/modules/${w.moduleId}/versions` },
  'GET /modules/{id}/versions/{version}': { who: signedIn, url: (w) => `/modules/${w.moduleId}/versions/1` },
  'POST /modules/{id}/publish': { who: institutionCatalog, url: (w) => `/modules/${w.moduleId}/publish` },
  'GET /qualifications': { who: signedIn },
  'POST /qualifications': { who: institutionCatalog, body: () => ({ institutionId: OWN }) },
  'GET /qualifications/{id}': { who: signedIn, url: (w) => `/qualifications/${w.qualificationId}` },
  'PATCH /qualifications/{id}': {
    who: institutionCatalog,
    url: (w) => `/qualifications/${w.qualificationId}`,
  },
  'GET /employers': { who: signedIn },
  'POST /employers': { who: adminOnly },
  'GET /employers/{id}': { who: signedIn, url: () => `/employers/${EMPLOYER}` },
  'PATCH /employers/{id}': { who: employerCatalog, url: () => `/employers/${EMPLOYER}` },
  'GET /roles': { who: signedIn },
  'POST /roles': { who: employerCatalog, body: () => ({ employerId: EMPLOYER }) },
  'GET /roles/{id}': { who: signedIn, url: (w) => `/roles/${w.roleId}` },
  'PATCH /roles/{id}': { who: employerCatalog, url: (w) => `/roles/${w.roleId}` },
  'GET /assessors': { who: signedIn },
  'POST /assessors': { who: employerCatalog, body: () => ({ employerId: EMPLOYER }) },
  'GET /assessors/{id}': { who: signedIn, url: (w) => `/assessors/${w.assessorId}` },
  'PATCH /assessors/{id}': { who: employerCatalog, url: (w) => `/assessors/${w.assessorId}` },

  // The learner registering themselves, or an opleider or admin registering one on intake.
  'GET /learners': { who: signedIn },
  'POST /learners': { who: ['admin', 'opleiderOwn', 'opleiderOther', 'learner', 'otherLearner'] },
  'GET /learners/{id}': { who: grantees, url: (w) => `/learners/${w.learnerId}` },
  'GET /learners/{id}/export': { who: self, url: (w) => `/learners/${w.learnerId}/export` },
  'GET /learners/{id}/profile': { who: grantees, url: (w) => `/learners/${w.learnerId}/profile` },
  'PUT /learners/{id}/profile': { who: self, url: (w) => `/learners/${w.learnerId}/profile` },
  'GET /learners/{id}/evidence': { who: grantees, url: (w) => `/learners/${w.learnerId}/evidence` },
  'POST /learners/{id}/evidence': {
    who: ['learner', 'opleiderOwn'],
    url: (w) => `/learners/${w.learnerId}/evidence`,
  },
  'GET /learners/{id}/grants': { who: self, url: (w) => `/learners/${w.learnerId}/grants` },
  'POST /learners/{id}/grants': { who: self, url: (w) => `/learners/${w.learnerId}/grants` },
  'GET /learners/{id}/credentials': { who: self, url: (w) => `/learners/${w.learnerId}/credentials` },
  'POST /learners/{id}/did-nonces': { who: self, url: (w) => `/learners/${w.learnerId}/did-nonces` },
  'PUT /learners/{id}/did': { who: self, url: (w) => `/learners/${w.learnerId}/did` },
  'GET /learners/{id}/verified-credentials': {
    who: grantees,
    url: (w) => `/learners/${w.learnerId}/verified-credentials`,
  },
  // The learner asks an instelling to verify their credentials, and answers its challenge; nobody else.
  'POST /institutions/{id}/presentation-requests': {
    who: self,
    url: () => `/institutions/${OWN}/presentation-requests`,
    body: (w) => ({ learnerId: w.learnerId }),
  },
  'POST /institutions/{id}/presentation-requests/{requestId}/responses': {
    who: self,
    url: (w) => `/institutions/${OWN}/presentation-requests/${w.presentationRequestId}/responses`,
  },

  // Planning needs the learner's grant to the opleider's institution: admins hold none.
  'POST /routes/preview': { who: ownOpleider, body: (w) => ({ institutionId: OWN, learnerId: w.learnerId }) },
  'POST /routes': { who: ownOpleider, body: (w) => ({ institutionId: OWN, learnerId: w.learnerId }) },
  // Anyone signed in lists routes, filtered to the ones they may read (route-list.test.ts proves which).
  'GET /routes': { who: signedIn },
  'GET /routes/{id}': { who: routeParties, url: (w) => `/routes/${w.routeId}` },
  'PATCH /routes/{id}': { who: ownOpleider, url: (w) => `/routes/${w.routeId}` },
  'GET /routes/{id}/versions/{version}': { who: routeParties, url: (w) => `/routes/${w.routeId}/versions/1` },
  'POST /routes/{id}/pause': { who: ['learner', 'opleiderOwn'], url: (w) => `/routes/${w.routeId}/pause` },
  'POST /routes/{id}/resume': { who: ['learner', 'opleiderOwn'], url: (w) => `/routes/${w.routeId}/resume` },
  'POST /routes/{id}/replan': { who: ownOpleider, url: (w) => `/routes/${w.routeId}/replan` },
  'POST /routes/{id}/assessors': {
    who: ['werkgeverOwn', 'opleiderOwn'],
    url: (w) => `/routes/${w.routeId}/assessors`,
  },
  'GET /routes/{id}/assessors': { who: routeParties, url: (w) => `/routes/${w.routeId}/assessors` },
  'POST /routes/{id}/signoffs': { who: ['assessorAssigned'], url: (w) => `/routes/${w.routeId}/signoffs` },
  'GET /routes/{id}/signoffs': {
    who: ['learner', 'opleiderOwn', 'assessorAssigned'],
    url: (w) => `/routes/${w.routeId}/signoffs`,
  },
  'GET /routes/{id}/credentials': { who: routeParties, url: (w) => `/routes/${w.routeId}/credentials` },
  'GET /routes/{id}/audit': { who: routeParties, url: (w) => `/routes/${w.routeId}/audit` },
  // An instelling's own audit trail: its opleiders, not an admin (as with whom it recognises).
  'GET /institutions/{id}/audit': { who: ownOpleider, url: () => `/institutions/${OWN}/audit` },

  'GET /credentials/{id}': { who: ['learner', 'opleiderOwn'], url: (w) => `/credentials/${w.credentialId}` },
  'POST /credentials/issue': {
    who: issuer,
    body: (w) => ({ credential: { issuer: w.issuerDid } }),
  },
  'POST /credentials/verify': { who: anyone },
  'POST /presentations/verify': { who: anyone },
  // A wallet gets a credential by an offer of its learner, or of the issuing instelling on their behalf; only
  // the route's opleider asks the learner's wallet, and the learner may see that request to scan it.
  'POST /credentials/{id}/offer': {
    who: ['learner', 'opleiderOwn'],
    url: (w) => `/credentials/${w.credentialId}/offer`,
  },
  'GET /credential-offers/{id}': {
    who: ['learner', 'opleiderOwn'],
    url: (w) => `/credential-offers/${w.credentialOfferId}`,
  },
  'POST /credential-offers/{id}/withdraw': {
    who: ['learner', 'opleiderOwn'],
    url: (w) => `/credential-offers/${w.credentialOfferId}/withdraw`,
  },
  'POST /routes/{id}/wallet-requests': {
    who: ownOpleider,
    url: (w) => `/routes/${w.routeId}/wallet-requests`,
  },
  'GET /routes/{id}/wallet-requests/{requestId}': {
    who: ['learner', 'opleiderOwn'],
    url: (w) => `/routes/${w.routeId}/wallet-requests/${w.walletRequestId}`,
  },
  'GET /institutions/{id}/did.json': { who: anyone, url: () => `/institutions/${OWN}/did.json` },
  'GET /contexts/{name}': { who: anyone, url: () => '/contexts/loopbrug-v1.jsonld' },
  'GET /schemas/{name}': { who: anyone, url: () => '/schemas/module-credential.schema.json' },
  'GET /status-lists/{id}': { who: anyone, url: (w) => `/status-lists/${w.statusListId}` },
  // Badge images are named in credentials, so anyone who holds one may load them.
  'GET /badges/modules/{id}/versions/{version}': {
    who: anyone,
    url: (w) => `/badges/modules/${w.moduleId}/versions/1`,
  },
  'GET /badges/qualifications/{id}': {
    who: anyone,
    url: (w) => `/badges/qualifications/${w.qualificationId}`,
  },
  // Only the learner a credential was issued to makes and withdraws public links to it; a link is public.
  'POST /credentials/{id}/shares': { who: self, url: (w) => `/credentials/${w.credentialId}/shares` },
  'GET /credentials/{id}/shares': { who: self, url: (w) => `/credentials/${w.credentialId}/shares` },
  'GET /shared-credentials/{shareId}': { who: anyone, url: (w) => `/shared-credentials/${w.shareId}` },
  'POST /credentials/{id}/shares/{shareId}/withdraw': {
    who: self,
    url: (w) => `/credentials/${w.credentialId}/shares/${w.shareId}/withdraw`,
  },
  'POST /credentials/{id}/revoke': { who: issuer, url: (w) => `/credentials/${w.credentialId}/revoke` },
  'POST /credentials/{id}/suspend': { who: issuer, url: (w) => `/credentials/${w.credentialId}/suspend` },
  'POST /credentials/{id}/reinstate': { who: issuer, url: (w) => `/credentials/${w.credentialId}/reinstate` },
  'POST /credentials/status': {
    who: issuer,
    body: (w) => ({ credentialId: decodeURIComponent(w.credentialId) }),
  },

  // Only an instelling's own opleider decides whom it trusts; which issuers it trusts is a catalog read.
  'POST /institutions/{id}/recognitions': {
    who: ownOpleider,
    url: () => `/institutions/${OWN}/recognitions`,
  },
  'GET /institutions/{id}/recognitions': { who: signedIn, url: () => `/institutions/${OWN}/recognitions` },
  'PUT /institutions/{id}/recognitions/{recognitionId}/did-document': {
    who: ownOpleider,
    url: (w) => `/institutions/${OWN}/recognitions/${w.recognitionId}/did-document`,
  },
  'POST /institutions/{id}/recognitions/{recognitionId}/withdraw': {
    who: ownOpleider,
    url: (w) => `/institutions/${OWN}/recognitions/${w.recognitionId}/withdraw`,
  },
  'POST /qualifications/{id}/awards': {
    who: ownOpleider,
    url: (w) => `/qualifications/${w.qualificationId}/awards`,
    body: (w) => ({ learnerId: w.learnerId }),
  },

  'POST /routes/{id}/signoffs/reconcile': {
    who: ['opleiderOwn', 'assessorAssigned'],
    url: (w) => `/routes/${w.routeId}/signoffs/reconcile`,
  },
  'POST /routes/{id}/approvals': { who: approvers, url: (w) => `/routes/${w.routeId}/approvals` },
  'GET /issuance-jobs': { who: adminOnly },
  // No job has run in this world (its one credential was issued at the sign-off): an admin gets 404.
  'GET /issuance-jobs/{id}': { who: adminOnly, url: () => '/issuance-jobs/no-such-job' },
  'POST /institutions/{id}/issuer-keys/rotate': {
    who: issuer,
    url: () => `/institutions/${OWN}/issuer-keys/rotate`,
  },
  // A key the instelling does not have: marking a real one compromised would break its credentials for
  // the other rows; the guard answers before the key is looked up.
  'POST /institutions/{id}/issuer-keys/{publicKeyMultibase}/compromise': {
    who: issuer,
    url: () => `/institutions/${OWN}/issuer-keys/z6MkNoSuchKey/compromise`,
  },
  // A key the instelling never retired: a real reissue would re-sign the world's credentials under the
  // other rows; the guard answers before the keys are checked (422).
  'POST /institutions/{id}/reissue-jobs': {
    who: issuer,
    url: () => `/institutions/${OWN}/reissue-jobs`,
    body: () => ({ keys: ['z6MkNoSuchKey'] }),
  },
  'GET /institutions/{id}/reissue-jobs': { who: issuer, url: () => `/institutions/${OWN}/reissue-jobs` },
  'GET /institutions/{id}/reissue-jobs/{jobId}': {
    who: issuer,
    url: () => `/institutions/${OWN}/reissue-jobs/no-such-job`,
  },
  'POST /learners/{id}/evidence/{evidenceId}/verify': {
    who: ownOpleider,
    url: (w) => `/learners/${w.learnerId}/evidence/${w.evidenceId}/verify`,
  },
  'POST /learners/{id}/grants/{grantId}/withdraw': {
    who: self,
    url: (w) => `/learners/${w.learnerId}/grants/${w.grantId}/withdraw`,
  },
  'DELETE /learners/{id}': { who: self, url: (w) => `/learners/${w.learnerId}` },
};

/** Served but not in the OpenAPI document: public too. */
const undocumented: Record<string, Row> = {
  'GET /health': { who: anyone },
  'GET /openapi.json': { who: anyone },
  'GET /docs': { who: anyone },
};

interface Operation {
  key: string;
  method: string;
  path: string;
  description: string;
  security: unknown;
  hasBody: boolean;
}

interface OpenApiOperation {
  description?: string;
  security?: unknown;
  requestBody?: unknown;
}

/**
 * What a cell must answer, and whether it did: the guard runs before the body is validated, so a
 * refused caller gets 403 whatever the body (401 without a token); an allowed one anything else.
 */
function judge(row: Row, caller: Caller, status: number): { expected: string; right: boolean } {
  if (row.who.includes(caller)) return { expected: 'allowed', right: status !== 401 && status !== 403 };
  if (caller === 'noToken') return { expected: '401', right: status === 401 };
  return { expected: '403', right: status === 403 };
}

const pathPattern = (template: string) =>
  new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+').replace(/\./g, '\\.')}$`);

describe('authorization matrix: every operation × every kind of caller, against the policy', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  let world: World;
  let operations: Operation[];

  beforeAll(async () => {
    s = await startScenarioApp();
    world = await buildWorld(s);
    const doc = await s.t.call('GET', '/openapi.json');
    const paths = doc.body.paths as Record<string, Record<string, OpenApiOperation>>;
    operations = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        description: op.description ?? '',
        security: op.security,
        hasBody: op.requestBody !== undefined,
      })),
    );
  }, 60_000);

  it('has an expectation row for every operation in /openapi.json, and none for an operation it lacks', () => {
    const documented = new Set(operations.map((op) => op.key));
    expect({
      withoutRow: [...documented].filter((key) => !(key in rows)),
      rowWithoutOperation: Object.keys(rows).filter((key) => !documented.has(key)),
    }).toEqual({ withoutRow: [], rowWithoutOperation: [] });
    expect(operations.length).toBeGreaterThanOrEqual(83);
  });

  it('every cell answers as the policy says (0 wrong cells)', async () => {
    const documented = new Map(operations.map((op) => [op.key, op]));
    const wrong: string[] = [];
    const unexpected: string[] = [];
    let cells = 0;
    for (const [key, row] of [...Object.entries(rows), ...Object.entries(undocumented)]) {
      const [method = '', path = ''] = key.split(' ');
      const url = row.url ? row.url(world) : path;
      if (!pathPattern(path).test(url)) throw new Error(`${key}: its row fills the path as ${url}`);
      const body = row.body ? row.body(world) : documented.get(key)?.hasBody ? {} : undefined;
      // Refused callers first: an allowed call may change the world (the learner erasing themselves).
      const order = [
        ...CALLERS.filter((c) => !row.who.includes(c)),
        ...CALLERS.filter((c) => row.who.includes(c)),
      ];
      for (const caller of order) {
        const res = await s.t.call(method, url, {
          ...(caller === 'noToken' ? {} : { as: principals[caller] }),
          ...(body === undefined ? {} : { body }),
        });
        cells += 1;
        const { expected, right } = judge(row, caller, res.status);
        const detail = typeof res.body?.detail === 'string' ? ` (${res.body.detail.slice(0, 120)})` : '';
        if (!right) wrong.push(`${key} × ${caller}: expected ${expected}, got ${res.status}${detail}`);
        else if (expected === 'allowed' && (res.status === 404 || res.status >= 500))
          unexpected.push(`${key} × ${caller}: allowed, but ${res.status}${detail}`);
      }
    }
    // Not wrong by the policy, but an allowed caller should reach a real resource and never a 5xx.
    if (unexpected.length > 0) console.info(`allowed cells answering 404 or 5xx:\n${unexpected.join('\n')}`);
    expect(wrong, `${wrong.length} wrong cells of ${cells}:\n${wrong.join('\n')}`).toEqual([]);
  }, 300_000);

  it('every operation says in its description who may call it, and the public ones that they are public', () => {
    const wrong: string[] = [];
    for (const op of operations) {
      const row = rows[op.key];
      if (!row) continue;
      const who = op.description.split('**Who may call:**')[1];
      const isPublic = row.who.includes('noToken');
      if (who === undefined) wrong.push(`${op.key}: no '**Who may call:**' in its description`);
      else if (isPublic !== /public/.test(who))
        wrong.push(`${op.key}: says '${who.trim()}', but it is ${isPublic ? '' : 'not '}public`);
      else if (row.who.length < signedIn.length && /anyone signed in/.test(who))
        wrong.push(`${op.key}: says '${who.trim()}', but not everyone signed in may call it`);
      const unsecured = Array.isArray(op.security) && op.security.length === 0;
      if (isPublic !== unsecured)
        wrong.push(
          `${op.key}: security ${JSON.stringify(op.security)}, but it is ${isPublic ? '' : 'not '}public`,
        );
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });
});

/** The world every cell is called in, built the way it happens: through the API. */
async function buildWorld(s: Awaited<ReturnType<typeof startScenarioApp>>): Promise<World> {
  const { t, expectStatus } = s;
  const call = (method: string, path: string, as: Principal, body?: unknown) =>
    t.call(method, path, { as, ...(body === undefined ? {} : { body }) });
  const post = (path: string, as: Principal, body?: unknown, status = 201) =>
    expectStatus(call('POST', path, as, body), status);
  const own = principals.opleiderOwn;

  const learner = await s.enrol(LEARNER, 'Lerende Matrix', {
    grants: [
      { kind: 'institution', id: OWN },
      { kind: 'employer', id: EMPLOYER },
    ],
    profile: { talenten: ['Geduldig'], skills: ['Plannen'], drijfveren: ['Iets betekenen'] },
    evidence: [{ kind: 'certificate', title: 'BHV-certificaat', issuer: 'KLM', issuedOn: '2025-04-10' }],
  });
  await s.enrol(OTHER_LEARNER, 'Andere Lerende', { grants: [] });
  const grant = await post(`/learners/${learner.id}/grants`, learner.as, {
    grantee: { kind: 'institution', id: 'kw1c' },
    scope: ['profile'],
  });
  const evidence = await expectStatus(call('GET', `/learners/${learner.id}/evidence`, learner.as), 200);
  const [evidenceItem] = evidence.items as { id: string }[];

  const composed = await post('/routes', own, {
    learnerId: learner.id,
    institutionId: OWN,
    roleId: s.roleId('sante/Helpende plus'),
    hoursPerWeek: 8,
    startDate: '2026-11-02',
  });
  const routeId = composed.id;
  await post(`/routes/${routeId}/assessors`, principals.werkgeverOwn, {
    assessorId: s.assessorId('pol-sante-1'),
  });
  for (const as of [own, principals.assessorAssigned, learner.as])
    await post(`/routes/${routeId}/approvals`, as, undefined, 200);
  // VIG-OBS has one outcome: signing it off completes the module and issues its credential.
  await post(`/routes/${routeId}/signoffs`, principals.assessorAssigned, {
    outcomeId: s.outcomeId(OWN, 'VIG-LU-OR'),
    result: 'passed',
    date: '2026-11-20',
    evidence: [{ kind: 'text', text: 'Geobserveerd op de afdeling.' }],
  });
  const credentials = await expectStatus(call('GET', `/routes/${routeId}/credentials`, own), 200);
  const [issued] = credentials.items as { id: string }[];

  const framework = await post('/frameworks', own, {
    uri: 'https://id.example.org/matrix/',
    title: 'Kader van de matrix',
    kind: 'beroepsprofiel',
    institutionId: OWN,
  });
  const competency = await post('/competencies', own, {
    frameworkId: framework.id,
    uri: 'https://id.example.org/matrix/taak',
    title: 'Een taak',
  });
  const recognition = await post(`/institutions/${OWN}/recognitions`, own, { issuer: OTHER });
  await registerDid(t, learner, await didKeyWallet());
  const presentationRequest = await post(`/institutions/${OWN}/presentation-requests`, learner.as, {
    learnerId: learner.id,
  });
  const share = await post(`/credentials/${encodeURIComponent(issued?.id ?? '')}/shares`, learner.as);
  const credentialOffer = await post(
    `/credentials/${encodeURIComponent(issued?.id ?? '')}/offer`,
    learner.as,
    {},
  );
  const walletRequest = await post(`/routes/${routeId}/wallet-requests`, own, {});
  const statusList = t.db.sqlite
    .prepare('SELECT id FROM status_list WHERE institution_id = ? ORDER BY id LIMIT 1')
    .get(OWN) as { id: string } | undefined;

  if (!evidenceItem || !issued || !statusList)
    throw new Error('the world lacks evidence, a credential or a status list');
  return {
    learnerId: learner.id,
    routeId,
    evidenceId: evidenceItem.id,
    grantId: grant.id,
    credentialId: encodeURIComponent(issued.id),
    statusListId: statusList.id,
    recognitionId: recognition.id,
    frameworkId: framework.id,
    competencyId: competency.id,
    outcomeId: s.outcomeId(OWN, 'VIG-LU-OR'),
    moduleId: s.moduleId(`${OWN}/VIG-ADL`),
    qualificationId: s.qualificationId(`${OWN}/VIG-3`),
    roleId: s.roleId('sante/Helpende plus'),
    assessorId: s.assessorId('pol-sante-2'),
    issuerDid: t.deps.urls.issuerDid(OWN),
    presentationRequestId: presentationRequest.id,
    credentialOfferId: credentialOffer.id,
    walletRequestId: walletRequest.id,
    shareId: share.id,
  };
}
