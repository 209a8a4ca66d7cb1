import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.js';
import { catalogRules, frameworkInstitution } from './catalog.js';
import { credentialRules } from './credentials.js';
import {
  evidenceAddedBy,
  type LearnerFacts,
  learnerRules,
  listableLearners,
  registrationBy,
  verifyingInstitution,
} from './learner-data.js';
import { institutionAuditRule, presentationRules } from './presentations.js';
import {
  approvingParty,
  composeRule,
  learnerNameSeenBy,
  listableRoutes,
  partiesOf,
  type RouteFacts,
  routeRules,
} from './route-parties.js';
import { walletRules } from './wallet.js';

// The callers of the authorization matrix, as plain principals: no database, no HTTP.
const callers = {
  admin: { sub: 'beheer', role: 'admin' },
  opleiderOwn: { sub: 'ans', role: 'opleider', institution: 'han' },
  opleiderOther: { sub: 'bas', role: 'opleider', institution: 'loi' },
  assessorAssigned: { sub: 'pol-1', role: 'praktijkopleider', employer: 'ksu' },
  assessorUnassigned: { sub: 'pol-2', role: 'praktijkopleider', employer: 'ksu' },
  assessorWithoutRecord: { sub: 'pol-9', role: 'praktijkopleider', employer: 'ksu' },
  assessorOtherEmployer: { sub: 'pol-1', role: 'praktijkopleider', employer: 'cordaan' },
  werkgeverOwn: { sub: 'hr', role: 'werkgever', employer: 'ksu' },
  werkgeverOther: { sub: 'hr', role: 'werkgever', employer: 'cordaan' },
  learner: { sub: 'willem', role: 'learner' },
  otherLearner: { sub: 'anne', role: 'learner' },
} satisfies Record<string, Principal>;
type Caller = keyof typeof callers;

const route: RouteFacts = {
  id: 'r1',
  institutionId: 'han',
  employerId: 'ksu',
  learnerSubject: 'willem',
  assessorSubjects: ['pol-1'],
  learnerName: 'Willem Jansen',
};

/** Who each route rule lets in; every other caller is refused. */
const routeTable: Record<keyof typeof routeRules, Caller[]> = {
  read: ['opleiderOwn', 'assessorAssigned', 'werkgeverOwn', 'learner'],
  approve: ['opleiderOwn', 'assessorAssigned', 'werkgeverOwn', 'learner'],
  adjust: ['opleiderOwn'],
  pause: ['opleiderOwn', 'learner'],
  assignAssessor: ['opleiderOwn', 'werkgeverOwn'],
  signOff: ['assessorAssigned'],
  readSignoffs: ['opleiderOwn', 'assessorAssigned', 'learner'],
  reconcile: ['opleiderOwn', 'assessorAssigned'],
};

const everyone = Object.keys(callers) as Caller[];

describe('route rules: the parties of a route', () => {
  for (const [name, allowed] of Object.entries(routeTable) as [keyof typeof routeRules, Caller[]][])
    it(`${name}: ${allowed.join(', ')}`, () => {
      const granted = everyone.filter((caller) => routeRules[name].allows(callers[caller], route));
      expect(granted.sort()).toEqual([...allowed].sort());
    });

  it('a praktijkopleider of the employer takes part only once assigned', () => {
    expect(approvingParty(callers.assessorAssigned, route)).toBe('praktijkopleider');
    expect(approvingParty(callers.assessorUnassigned, route)).toBeUndefined();
    // The werkgever approves for the workplace, in the same one approval as its praktijkopleider.
    expect(approvingParty(callers.werkgeverOwn, route)).toBe('praktijkopleider');
    expect(approvingParty(callers.werkgeverOther, route)).toBeUndefined();
    expect(approvingParty(callers.learner, { ...route, learnerSubject: null })).toBeUndefined();
  });
});

describe('which routes a caller lists: exactly the ones routeRules.read lets them read', () => {
  /** Whether a listing filter takes in a route, as the list query applies it. */
  const listed = (filter: ReturnType<typeof listableRoutes>, facts: RouteFacts) =>
    filter.by === 'learner'
      ? facts.learnerSubject === filter.subject
      : filter.by === 'institution'
        ? facts.institutionId === filter.institutionId
        : filter.by === 'employer'
          ? facts.employerId === filter.employerId
          : filter.by === 'assessor'
            ? facts.employerId === filter.employerId && facts.assessorSubjects.includes(filter.subject)
            : false;
  const routes: RouteFacts[] = [
    route,
    { ...route, id: 'other-employer', employerId: 'cordaan' },
    { ...route, id: 'other-institution', institutionId: 'loi' },
    { ...route, id: 'erased', learnerSubject: null, assessorSubjects: [], learnerName: null },
    { ...route, id: 'two-assessors', assessorSubjects: ['pol-2', 'pol-1'] },
  ];
  for (const caller of everyone)
    it(`${caller} lists ${listableRoutes(callers[caller]).by}`, () => {
      const listing = listableRoutes(callers[caller]);
      for (const facts of routes) {
        expect(listed(listing, facts), facts.id).toBe(routeRules.read.allows(callers[caller], facts));
        // The party a listing names is one the caller is in each route it takes in.
        if (listing.by !== 'none' && listed(listing, facts))
          expect(partiesOf(callers[caller], facts), facts.id).toContain(listing.party);
      }
    });
  it('an admin lists none; a praktijkopleider only where assigned', () => {
    expect(listableRoutes(callers.admin)).toEqual({ by: 'none' });
    expect(listableRoutes(callers.assessorUnassigned)).toEqual({
      by: 'assessor',
      party: 'praktijkopleider',
      subject: 'pol-2',
      employerId: 'ksu',
    });
  });
});

describe("who sees a route's learner by name: its parties, while the learner has one", () => {
  const seen = (caller: Caller, facts: RouteFacts = route) =>
    learnerNameSeenBy(partiesOf(callers[caller], facts), facts.learnerName);
  for (const caller of everyone)
    it(`${caller} ${routeTable.read.includes(caller) ? 'sees' : 'does not see'} the name`, () => {
      expect(seen(caller)).toBe(routeTable.read.includes(caller) ? 'Willem Jansen' : undefined);
    });
  it('nobody sees a name once the learner erased themselves', () => {
    const erased = { ...route, learnerSubject: null, learnerName: null };
    for (const caller of everyone) expect(seen(caller, erased), caller).toBeUndefined();
  });
});

describe("learner rules: a learner's data through grants", () => {
  const learner: LearnerFacts = {
    id: 'l1',
    subject: 'willem',
    grants: [
      { granteeKind: 'institution', granteeId: 'han', scope: ['profile', 'evidence'] },
      { granteeKind: 'employer', granteeId: 'ksu', scope: ['profile'] },
    ],
  };
  const table: Record<keyof typeof learnerRules, Caller[]> = {
    read: [
      'opleiderOwn',
      'assessorAssigned',
      'assessorUnassigned',
      'assessorWithoutRecord',
      'werkgeverOwn',
      'learner',
    ],
    readProfile: [
      'opleiderOwn',
      'assessorAssigned',
      'assessorUnassigned',
      'assessorWithoutRecord',
      'werkgeverOwn',
      'learner',
    ],
    readEvidence: ['opleiderOwn', 'learner'],
    addEvidence: ['opleiderOwn', 'learner'],
    verifyEvidence: ['opleiderOwn'],
    own: ['learner'],
    register: ['admin', 'opleiderOwn', 'opleiderOther', 'learner', 'otherLearner'],
  };
  for (const [name, allowed] of Object.entries(table) as [keyof typeof learnerRules, Caller[]][])
    it(`${name}: ${allowed.join(', ')}`, () => {
      const rule = learnerRules[name] as (typeof learnerRules)['read'];
      const granted = everyone.filter((caller) => rule.allows(callers[caller], learner));
      expect(granted.sort()).toEqual([...allowed].sort());
    });

  it('admins get nothing without a grant, and a grant gives nothing once gone', () => {
    expect(learnerRules.read.allows(callers.admin, learner)).toBe(false);
    expect(learnerRules.readProfile.allows(callers.opleiderOwn, { ...learner, grants: [] })).toBe(false);
  });
});

describe("learner decisions that depend on the caller's role", () => {
  const learner: LearnerFacts = {
    id: 'l1',
    subject: 'willem',
    grants: [{ granteeKind: 'institution', granteeId: 'han', scope: ['evidence'] }],
  };
  const table: Array<[Caller, ReturnType<typeof listableLearners>, ReturnType<typeof registrationBy>]> = [
    ['admin', { by: 'none' }, 'intake'],
    ['opleiderOwn', { by: 'grantee', granteeKind: 'institution', granteeId: 'han' }, 'intake'],
    ['opleiderOther', { by: 'grantee', granteeKind: 'institution', granteeId: 'loi' }, 'intake'],
    ['assessorAssigned', { by: 'grantee', granteeKind: 'employer', granteeId: 'ksu' }, undefined],
    ['assessorOtherEmployer', { by: 'grantee', granteeKind: 'employer', granteeId: 'cordaan' }, undefined],
    ['werkgeverOwn', { by: 'grantee', granteeKind: 'employer', granteeId: 'ksu' }, undefined],
    ['learner', { by: 'subject', subject: 'willem' }, 'self'],
    ['otherLearner', { by: 'subject', subject: 'anne' }, 'self'],
  ];
  for (const [caller, listing, registration] of table)
    it(`${caller} lists ${listing.by} and registers ${registration ?? 'nobody'}`, () => {
      expect(listableLearners(callers[caller])).toEqual(listing);
      expect(registrationBy(callers[caller])).toBe(registration);
      expect(learnerRules.register.allows(callers[caller], undefined)).toBe(registration !== undefined);
    });

  it('only an opleider of an institution granted the evidence verifies it, and adds it in its name', () => {
    const verifiers = everyone.filter(
      (caller) => verifyingInstitution(callers[caller], learner) !== undefined,
    );
    expect(verifiers).toEqual(['opleiderOwn']);
    expect(verifyingInstitution(callers.opleiderOwn, learner)).toBe('han');
    expect(evidenceAddedBy(callers.opleiderOwn, learner)).toEqual({ kind: 'institution', id: 'han' });
    expect(evidenceAddedBy(callers.learner, learner)).toEqual({ kind: 'learner' });
    expect(verifyingInstitution(callers.opleiderOwn, { ...learner, grants: [] })).toBeUndefined();
  });
});

describe('the instelling a new framework belongs to', () => {
  it("is an opleider's own, whatever the write names; an admin's is shared unless named", () => {
    expect(frameworkInstitution(callers.opleiderOwn, 'loi')).toBe('han');
    expect(frameworkInstitution(callers.opleiderOwn, undefined)).toBe('han');
    expect(frameworkInstitution(callers.admin, undefined)).toBeNull();
    expect(frameworkInstitution(callers.admin, 'loi')).toBe('loi');
  });
});

describe('catalog and credential rules', () => {
  const table: Array<[string, (p: Principal) => boolean, Caller[]]> = [
    [
      'institution catalog of han',
      (p) => catalogRules.institution.allows(p, { institutionId: 'han' }),
      ['admin', 'opleiderOwn'],
    ],
    [
      'institution catalog, none named',
      (p) => catalogRules.institution.allows(p, {}),
      ['admin', 'opleiderOwn', 'opleiderOther'],
    ],
    [
      'employer ksu',
      (p) => catalogRules.employer.allows(p, { employerId: 'ksu' }),
      ['admin', 'werkgeverOwn'],
    ],
    [
      'recognitions of han',
      (p) => catalogRules.recognitions.allows(p, { institutionId: 'han' }),
      ['opleiderOwn'],
    ],
    ['compose a route through han', (p) => composeRule.allows(p, { institutionId: 'han' }), ['opleiderOwn']],
    ['compose a route, none named', (p) => composeRule.allows(p, {}), ['opleiderOwn', 'opleiderOther']],
    ['shared framework', (p) => catalogRules.framework.allows(p, { institutionId: null }), ['admin']],
    [
      'framework of han',
      (p) => catalogRules.framework.allows(p, { institutionId: 'han' }),
      ['admin', 'opleiderOwn'],
    ],
    [
      'framework, none that exists named',
      (p) => catalogRules.framework.allows(p, undefined),
      ['admin', 'opleiderOwn', 'opleiderOther'],
    ],
    ['admin only', (p) => catalogRules.adminOnly.allows(p, undefined), ['admin']],
    [
      'read a credential han issued to willem',
      (p) => credentialRules.read.allows(p, { id: 'c', institutionId: 'han', holderSubject: 'willem' }),
      ['opleiderOwn', 'learner'],
    ],
    [
      'share a credential han issued to willem',
      (p) => credentialRules.share.allows(p, { id: 'c', institutionId: 'han', holderSubject: 'willem' }),
      ['learner'],
    ],
    [
      'share one whose learner erased themselves',
      (p) => credentialRules.share.allows(p, { id: 'c', institutionId: 'han', holderSubject: null }),
      [],
    ],
    [
      'change its status',
      (p) =>
        credentialRules.changeStatus.allows(p, { id: 'c', institutionId: 'han', holderSubject: 'willem' }),
      ['admin', 'opleiderOwn'],
    ],
    [
      'issue as han',
      (p) => credentialRules.issueAs.allows(p, { institutionId: 'han' }),
      ['admin', 'opleiderOwn'],
    ],
    [
      "answer han's presentation request for willem",
      (p) => presentationRules.answer.allows(p, { id: 'pr', institutionId: 'han', learnerSubject: 'willem' }),
      ['learner'],
    ],
    [
      'answer one for a learner who erased themselves',
      (p) => presentationRules.answer.allows(p, { id: 'pr', institutionId: 'han', learnerSubject: null }),
      [],
    ],
    [
      'read the audit trail of han',
      (p) => institutionAuditRule.allows(p, { institutionId: 'han' }),
      ['opleiderOwn'],
    ],
  ];
  for (const [name, allows, allowed] of table)
    it(`${name}: ${allowed.join(', ')}`, () => {
      expect(everyone.filter((caller) => allows(callers[caller])).sort()).toEqual([...allowed].sort());
    });
});

describe('wallet rules: offering to a wallet, asking a wallet', () => {
  const vc = { id: 'c', institutionId: 'han', holderSubject: 'willem' };
  const offer = { id: 'o', institutionId: 'han', learnerSubject: 'willem' };
  const table: [string, (p: Principal) => boolean, Caller[]][] = [
    ["offer willem's credential of han", (p) => walletRules.offer.allows(p, vc), ['learner', 'opleiderOwn']],
    [
      'offer the credential of a learner who erased themselves',
      (p) => walletRules.offer.allows(p, { ...vc, holderSubject: null }),
      ['opleiderOwn'],
    ],
    [
      "read or withdraw han's offer to willem",
      (p) => walletRules.manageOffer.allows(p, offer),
      ['learner', 'opleiderOwn'],
    ],
    ["ask the wallet of route r1's learner", (p) => walletRules.askWallet.allows(p, route), ['opleiderOwn']],
    [
      'read the wallet requests of route r1',
      (p) => walletRules.readWalletRequest.allows(p, route),
      ['learner', 'opleiderOwn'],
    ],
  ];
  for (const [name, allows, allowed] of table)
    it(`${name}: ${allowed.join(', ')}`, () => {
      expect(everyone.filter((caller) => allows(callers[caller])).sort()).toEqual([...allowed].sort());
    });
});
