import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../tests/support/test-app.js';
import { hashedEmailIdentity } from '../credentials/index.js';
import { learnerBinding } from './learner-binding.js';

describe('learnerBinding: a credential is the learner’s by the DID they proved to hold', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    t = await startTestApp();
  });
  const did = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
  const learner = { id: 'l-1', email: 'kees@example.nl', did };
  const issuedTo = (subjectId: string | undefined) => ({
    id: `urn:uuid:${crypto.randomUUID()}`,
    credentialSubject: { ...(subjectId ? { id: subjectId } : {}), type: ['AchievementSubject'] },
  });

  it('binds by the registered DID as the subject, and not by another DID or without one', async () => {
    expect(await learnerBinding(t.deps, learner, issuedTo(did))).toBe('holder');
    expect(await learnerBinding(t.deps, learner, issuedTo('did:key:z6MkotherKey'))).toBeUndefined();
    expect(await learnerBinding(t.deps, { ...learner, did: null }, issuedTo(did))).toBeUndefined();
    expect(await learnerBinding(t.deps, learner, issuedTo(undefined))).toBeUndefined();
  });

  it('still binds by the hashed email when the subject names no DID', async () => {
    const byEmail = {
      ...issuedTo(undefined),
      credentialSubject: { identifier: [hashedEmailIdentity('kees@example.nl', 'zout')] },
    };
    expect(await learnerBinding(t.deps, learner, byEmail)).toBe('identifier');
  });
});
