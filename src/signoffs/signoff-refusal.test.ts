import { describe, expect, it } from 'vitest';
import { type SignoffStanding, signoffRefusal } from './record-signoff.js';

// Rule 5 as one pure function: the API refuses with it, and the pages offer a sign-off only where it says yes.

const standing = (over: Partial<SignoffStanding> = {}): SignoffStanding => ({
  routeId: 'route-1',
  routeStatus: 'active',
  learnerErased: false,
  assessor: { name: 'Kees Bakker', examiner: false },
  ...over,
});
const outcome = { code: 'VIG-LU-PV', requiresExaminer: false, inPlan: true };

describe('signoffRefusal', () => {
  it('lets an assigned praktijkopleider sign off an outcome of the plan on an agreed or running route', () => {
    for (const routeStatus of ['agreed', 'active', 'paused', 'completed'] as const)
      expect(signoffRefusal(standing({ routeStatus }), outcome), routeStatus).toBeUndefined();
    expect(signoffRefusal(standing())).toBeUndefined();
  });

  it('refuses, in this order: not assigned, a draft route, an outcome not in the plan, an examiner outcome', () => {
    const notAssigned = signoffRefusal(standing({ assessor: undefined, routeStatus: 'draft' }), outcome);
    expect(notAssigned).toMatchObject({ kind: 'forbidden' });
    expect(notAssigned?.detail).toContain("route 'route-1'");
    expect(signoffRefusal(standing({ routeStatus: 'draft' }), { ...outcome, inPlan: false })).toMatchObject({
      kind: 'conflict',
    });
    expect(signoffRefusal(standing(), { ...outcome, inPlan: false, requiresExaminer: true })).toMatchObject({
      kind: 'invalid',
      fields: [{ field: 'outcomeId' }],
    });
    const examiner = signoffRefusal(standing(), { ...outcome, code: 'VIG-LU-MT', requiresExaminer: true });
    expect(examiner).toMatchObject({ kind: 'forbidden' });
    expect(examiner?.detail).toContain('VIG-LU-MT requires an examiner-qualified praktijkopleider');
    expect(examiner?.detail).toContain('Kees Bakker is not one');
  });

  it('refuses every sign-off on a route whose learner erased their data, as a conflict', () => {
    const ended = signoffRefusal(standing({ learnerErased: true }), outcome);
    expect(ended).toMatchObject({ kind: 'conflict' });
    expect(ended?.detail).toMatch(/has ended: its learner erased their data/);
  });

  it('lets an examiner sign off an examiner outcome', () => {
    const examiner = standing({ assessor: { name: 'Ellen Smit', examiner: true } });
    expect(signoffRefusal(examiner, { ...outcome, requiresExaminer: true })).toBeUndefined();
  });
});
