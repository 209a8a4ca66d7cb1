import { describe, expect, it } from 'vitest';
import type { Evidence, RouteItem } from '../planner/index.js';
import { exemptionChanges } from './plan-events.js';

const vc: Evidence = {
  kind: 'verifiable-credential',
  id: 'urn:uuid:obs',
  description: 'Observeren (ROC Rivor)',
};
const item = (code: string, status: RouteItem['status'], reasons: RouteItem['reasons'] = []): RouteItem => ({
  moduleId: code.toLowerCase(),
  code,
  title: code,
  status,
  essential: true,
  order: 1,
  reasons,
});
const exempt = (code: string) => item(code, 'exempt', [{ kind: 'exempt', evidence: vc }]);

describe('exemptionChanges: what a new route version grants and drops', () => {
  it('grants what is exempt now and was not, with its evidence', () => {
    expect(exemptionChanges([item('VIG-OBS', 'planned')], [exempt('VIG-OBS')])).toEqual({
      granted: [{ moduleId: 'vig-obs', code: 'VIG-OBS', evidence: [vc] }],
      dropped: [],
    });
    expect(exemptionChanges([exempt('VIG-OBS')], [exempt('VIG-OBS')])).toEqual({ granted: [], dropped: [] });
  });

  it('drops what was exempt, saying why: a lapsed credential, a refusal, a completion, or leaving the route', () => {
    const revoked = item('VIG-OBS', 'planned', [
      { kind: 'covers', competency: 'c', priority: 'essential' },
      { kind: 'credential-revoked', credentialId: vc.id, message: 'revoked' },
    ]);
    const refused = item('VIG-OBS', 'planned', [{ kind: 'exemption-refused', reason: 'geen bewijs' }]);
    const cases: Array<[RouteItem[], string]> = [
      [[revoked], `credential-revoked: ${vc.id} (revoked)`],
      [[refused], 'exemption-refused: geen bewijs'],
      [[item('VIG-OBS', 'completed', [{ kind: 'completed', on: '2027-03-01' }])], 'completed'],
      [[], 'no longer in the route'],
      [[item('VIG-OBS', 'planned')], 'no longer exempt'],
    ];
    for (const [after, why] of cases)
      expect(exemptionChanges([exempt('VIG-OBS')], after).dropped).toEqual([
        { moduleId: 'vig-obs', code: 'VIG-OBS', evidence: [vc], why },
      ]);
  });
});
