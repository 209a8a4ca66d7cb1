import type { IdentityObject } from './module-credential.js';

/**
 * The learner's email as an OBv3 IdentityObject: `sha256$` + hex sha256 of email + salt, so a
 * verifier who knows the email can check it and nobody else learns it.
 * @example await hashedEmailIdentity('sanne@example.nl', 'f3a1…')
 */
export async function hashedEmailIdentity(email: string, salt: string): Promise<IdentityObject> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(email.trim().toLowerCase() + salt),
  );
  const hex = Buffer.from(digest).toString('hex');
  return {
    type: 'IdentityObject',
    identityType: 'emailAddress',
    hashed: true,
    identityHash: `sha256$${hex}`,
    salt,
  };
}
