import { expect } from 'vitest';
import type { startScenarioApp } from '../../tests/support/scenario-app.js';
import { opleider } from '../../tests/support/test-app.js';
import { sampleInput } from '../credentials/fixtures.test-support.js';
import { hashedEmailIdentity } from '../credentials/learner-identity.js';
import { buildModuleCredential } from '../credentials/module-credential.js';
import type { JsonObject } from '../credentials/vc-library.js';

type ScenarioApp = Awaited<ReturnType<typeof startScenarioApp>>;

const base = 'http://localhost:8787';
/** A competency of the tweedegraads Nederlands beroepsprofiel. */
export const NL = (name: string) => `https://id.loopbrug.nl/bp/leraar-nederlands/${name}`;

/**
 * The tweedegraads Nederlands modules of NCOI and HAN, with the competencies their outcomes cover:
 * together they meet the stack rule of HAN's NED-2G.
 */
export const MODULES: Record<string, string[]> = {
  'ncoi/NCOI-NL01': [NL('taalvaardigheid')],
  'ncoi/NCOI-NL02': [NL('taalkunde')],
  'ncoi/NCOI-NL03': [NL('letterkunde'), NL('vakdidactiek-literatuur')],
  'ncoi/NCOI-NL04': [NL('vakdidactiek-taalvaardigheid'), NL('toetsing')],
  'han/NED-PK': [NL('pedagogiek'), NL('klassenmanagement')],
};

/**
 * A module credential (`institution/code` of MODULES) for the learner with this email, signed by the
 * module's instelling through POST /credentials/issue.
 * @example await moduleCredential(s, 'han/NED-PK', 'krista@example.nl')
 */
export async function moduleCredential(
  s: ScenarioApp,
  key: string,
  email: string,
  holder?: string,
): Promise<JsonObject> {
  const [institution = '', code = ''] = key.split('/');
  const competencies = MODULES[key] ?? [];
  const input = sampleInput(s.t.deps, institution);
  const moduleId = s.moduleId(key);
  const credential = buildModuleCredential({
    ...input,
    learner: {
      ...(holder ? { id: holder } : {}),
      name: 'Krista de Boer',
      identifier: await hashedEmailIdentity(email, crypto.randomUUID()),
    },
    moduleVersion: {
      ...input.moduleVersion,
      id: `${base}/modules/${moduleId}/versions/1`,
      code,
      title: code,
      competencies: competencies.map((uri) => ({ uri, title: uri.split('/').at(-1) ?? uri })),
    },
    outcomes: [
      { id: 'lo-1', title: code, description: code, competencies, assessmentMethod: 'praktijktoets' },
    ],
    stackability: [],
  });
  const res = await s.t.call('POST', '/credentials/issue', {
    as: opleider(institution),
    body: { credential },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.verifiableCredential;
}
