import { isVcJwt, type JsonObject, vcJwtCredential } from '../credentials/index.js';
import type { StatusEvent, StoredCredential } from '../issuance/index.js';
import type { Lang, Messages } from './i18n/index.js';
import { localTime } from './local-time.js';

const objectOf = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** What a credential says it is about, for people. */
export interface CredentialAbout {
  achievement: string | undefined;
  description: string | undefined;
  holder: string | undefined;
  issuer: string | undefined;
  issuedOn: string | undefined;
  /** The path of its badge image on this site; undefined for an image elsewhere (the CSP loads ours only). */
  image: string | undefined;
}

/**
 * What a credential says it is about, for people: the achievement, its holder, issuer, date and badge
 * image (only one of this site, given as a path). A VC-JWT, compact or enveloped (as a wallet's copy is
 * stored), says it in its claims set, read here without verifying it: the page says apart whether it verifies.
 * @example aboutOf(vc, deps.urls.base).achievement // 'Klassenmanagement in de gymzaal'
 * @example aboutOf('eyJ…', deps.urls.base).issuer // 'Hogeschool van Arnhem en Nijmegen'
 */
export function aboutOf(credential: string | JsonObject, base: string): CredentialAbout {
  const vc = objectOf(isVcJwt(credential) ? vcJwtCredential(credential) : credential) ?? {};
  const subject = objectOf(
    Array.isArray(vc.credentialSubject) ? vc.credentialSubject[0] : vc.credentialSubject,
  );
  const achievement = objectOf(subject?.achievement);
  const issuer = objectOf(vc.issuer);
  const image = textOf(objectOf(achievement?.image)?.id) ?? textOf(achievement?.image);
  return {
    achievement: textOf(achievement?.name) ?? textOf(vc.name),
    description: textOf(achievement?.description) ?? textOf(vc.description),
    // OBv3 names the learner in an unhashed `name` identifier, or as the subject's `name`.
    holder:
      textOf(subject?.name) ??
      (Array.isArray(subject?.identifier) ? subject.identifier : [])
        .map(objectOf)
        .filter((i) => i?.identityType === 'name' && i.hashed === false)
        .map((i) => textOf(i?.identityHash))[0],
    issuer: textOf(issuer?.name) ?? textOf(vc.issuer),
    issuedOn: (textOf(vc.validFrom) ?? textOf(vc.issuanceDate))?.slice(0, 10),
    image: image?.startsWith(`${base}/`) ? image.slice(base.length) : undefined,
  };
}

/**
 * The name of what a credential was given for, if it names one.
 * @example credentialName(vc) // 'Klassenmanagement in de gymzaal'
 */
export const credentialName = (credential: JsonObject): string | undefined =>
  aboutOf(credential, '').achievement;

/**
 * Why a credential is not valid now, in the page's words, a sentence a line, for its holder: the day it
 * was suspended or revoked and the reason staff gave, from its last status change (statusHistoryOf). A
 * suspension that followed a sign-off correction adds that it counts again once the module is passed
 * again; one staff decided on by hand (and any revocation) names whom to ask, the `issuer` (aboutOf;
 * given for its learner only), as the holder cannot undo it and nothing they do at work will. Nothing for a valid credential, or one
 * whose last audited change is not the one that made it what it is now.
 * @example statusNote(t, 'nl', 'suspended', history.get(id), 'ROC Rivor') // ['Geschorst op 3 december 2026: Toets bleek onvolledig', 'Vragen hierover? Neem contact op met ROC Rivor.']
 */
export function statusNote(
  t: Messages,
  lang: Lang,
  status: StoredCredential['status'],
  history: readonly StatusEvent[] | undefined,
  issuer: string | undefined,
): string[] {
  const last = history?.at(-1);
  if (status === 'active' || last?.change !== (status === 'revoked' ? 'revoke' : 'suspend')) return [];
  const { date } = localTime(last.at, lang);
  const said =
    last.change === 'revoke'
      ? t.credential.revokedOn(date, last.reason)
      : t.credential.suspendedOn(date, last.reason);
  if (last.change === 'suspend' && last.correction !== undefined)
    return [said, t.credential.suspendedByCorrection];
  return [said, ...(issuer ? [t.credential.contact(issuer)] : [])];
}
