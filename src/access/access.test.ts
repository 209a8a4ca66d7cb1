import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.js';
import { catalogRules } from './catalog.js';
import { credentialRules } from './credentials.js';
import { type LearnerFacts, learnerRules } from './learner-data.js';
import { approvingParty, type RouteFacts, routeRules } from './route-parties.js';

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
};

/** Who each route rule lets in; every other caller is refused. */
const routeTable: Record<keyof typeof routeRules, Caller[]> = {
  read: ['opleiderOwn', 'assessorAssigned', 'werkgeverOwn', 'learner'],
  approve: ['opleiderOwn', 'assessorAssigned', 'learner'],
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
    expect(approvingParty(callers.werkgeverOwn, route)).toBeUndefined();
    expect(approvingParty(callers.learner, { ...route, learnerSubject: null })).toBeUndefined();
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
    ['admin only', (p) => catalogRules.adminOnly.allows(p, undefined), ['admin']],
    [
      'read a credential han issued to willem',
      (p) => credentialRules.read.allows(p, { id: 'c', institutionId: 'han', holderSubject: 'willem' }),
      ['opleiderOwn', 'learner'],
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
  ];
  for (const [name, allows, allowed] of table)
    it(`${name}: ${allowed.join(', ')}`, () => {
      expect(everyone.filter((caller) => allows(callers[caller])).sort()).toEqual([...allowed].sort());
    });
});
