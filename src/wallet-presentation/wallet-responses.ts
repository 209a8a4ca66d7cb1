import { parseOpenid4vpAuthorizationResponse } from '@openid4vc/openid4vp';
import { decodeJwt } from 'jose';
import {
  asList,
  asObject,
  credentialContent,
  type JsonObject,
  vcJwtCredential,
} from '../credentials/index.js';
import { systemActor } from '../kernel/audit.js';
import { DomainError } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { keepPresentedCredentials, loadLearner } from '../learners/index.js';
import {
  type PresentationVerification,
  type VerifyDeps,
  verifyJwtPresentation,
  verifyPresentation,
} from '../verification/index.js';
import { allowDevelopmentUrls, protocolCallbacks, protocolError } from '../wallet-protocol/index.js';
import { queryIdOf, unmatched, VP_FORMATS, type VpFormat } from './dcql-query.js';
import { competenciesOf, loadWalletRequest } from './wallet-requests.js';

type ResponseDeps = VerifyDeps & Pick<Deps, 'db' | 'now' | 'newId'>;

const refused = (description: string) => protocolError('invalid_request', description);

/**
 * The DIDs a learner is known to hold here: the one they registered with proof of possession, and every
 * one a wallet proved with a key proof when it picked up a credential issued to them.
 */
async function holdersOf(
  deps: Pick<Deps, 'db'>,
  learner: { id: string; did: string | null },
): Promise<Set<string>> {
  const picked = await deps.db.kysely
    .selectFrom('credential_pickup as p')
    .innerJoin('credential as c', 'c.id', 'p.credential_id')
    .select('p.holder_did')
    .where('c.learner_id', '=', learner.id)
    .execute();
  return new Set([...(learner.did === null ? [] : [learner.did]), ...picked.map((p) => p.holder_did)]);
}

/** Verifies one presentation of the vp_token as its format says: a Data Integrity VP, or a JWT VP. */
function verifyOne(
  deps: ResponseDeps,
  format: VpFormat,
  presentation: unknown,
  options: { nonce: string; clientId: string; relyingParty: string },
): Promise<PresentationVerification> | string {
  if (format === 'jwt_vc_json')
    return typeof presentation === 'string'
      ? verifyJwtPresentation(deps, presentation, {
          nonce: options.nonce,
          audience: options.clientId,
          relyingParty: options.relyingParty,
        })
      : 'a jwt_vc_json presentation is a JWT';
  const object = asObject(presentation);
  return object
    ? verifyPresentation(deps, object, {
        challenge: options.nonce,
        domain: options.clientId,
        relyingParty: options.relyingParty,
      })
    : 'an ldp_vc presentation is a JSON object';
}

/**
 * The response endpoint of an instelling's OpenID4VP request (`direct_post`): the wallet posts its
 * `vp_token` and the request's `state`. The library checks the response against the request (state,
 * DCQL query ids); this verifies every presentation in it for the request's nonce and the instelling's
 * client id (the holder's proof of a Data Integrity VP with challenge and domain, or of a JWT VP with
 * nonce and audience), each credential's integrity, its live status and the instelling's trust in its
 * issuer (verifyPresentation and verifyJwtPresentation, as the relying party), that each credential's
 * subject is the presentation's holder, that the holder is a DID the request's learner is known by here
 * (the one they registered, or one a wallet proved picking up a credential of theirs), and that each
 * answers the query. Then it keeps them through the one path verified evidence is kept
 * (keepPresentedCredentials), which answers the request once. A wallet's error response keeps nothing.
 * Every refusal is `invalid_request` naming why (an unknown, expired or answered request, a wrong state,
 * nonce or audience, someone else's credential), with nothing kept.
 * @example await answerWalletRequest(deps, 'han', requestId, { vp_token: '{"open_badge_ldp_vc":[…]}', state })
 */
export async function answerWalletRequest(
  deps: ResponseDeps,
  institutionId: string,
  requestId: string,
  form: Record<string, string>,
): Promise<{ kept: number }> {
  allowDevelopmentUrls(deps.urls);
  const { row, request } = await loadWalletRequest(deps, requestId).catch((error: unknown) => {
    if (error instanceof DomainError) throw refused('there is no such request here');
    throw error;
  });
  if (request.institution_id !== institutionId) throw refused('there is no such request here');
  if (request.answered_at !== null) throw refused('this request was answered already: it is answered once');
  if (request.expires_at <= deps.now().toISOString())
    throw refused(`this request expired at ${request.expires_at}`);
  if (form.error !== undefined) return { kept: 0 };

  const payload = decodeJwt(row.request_object) as JsonObject;
  let presentations: Record<string, unknown[]>;
  try {
    const parsed = await parseOpenid4vpAuthorizationResponse({
      authorizationResponse: form,
      authorizationRequestPayload: payload as Parameters<
        typeof parseOpenid4vpAuthorizationResponse
      >[0]['authorizationRequestPayload'],
      callbacks: protocolCallbacks(),
    });
    if (parsed.type !== 'dcql') throw new Error('the response does not answer the DCQL query');
    presentations = parsed.dcql.presentations;
  } catch (error) {
    throw refused(
      `the response does not answer this request: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }

  const learner = await loadLearner(deps, request.learner_id);
  const holders = await holdersOf(deps, learner);
  const competencies = competenciesOf(row);
  const options = { nonce: request.challenge, clientId: row.client_id, relyingParty: institutionId };
  const errors: string[] = [];
  const kept: JsonObject[] = [];
  const seen = new Set<string>();
  for (const [queryId, answers] of Object.entries(presentations)) {
    const format = VP_FORMATS.find((f) => queryIdOf(f) === queryId);
    if (!format) {
      errors.push(`${queryId}: the query asked for no such credentials`);
      continue;
    }
    for (const [p, presentation] of answers.entries()) {
      const at = `${queryId}[${p}]`;
      const result = await verifyOne(deps, format, presentation, options);
      if (typeof result === 'string') {
        errors.push(`${at}: ${result}`);
        continue;
      }
      errors.push(
        ...result.checks
          .filter((c) => !c.ok)
          .map((c) => `${at} ${c.target} ${c.check}: ${c.message ?? 'failed'}`),
      );
      if (result.holder !== undefined && !holders.has(result.holder))
        errors.push(`${at}: the holder ${result.holder} is no DID learner '${learner.id}' is known by here`);
      for (const [i, { credential }] of result.credentials.entries()) {
        const document =
          typeof credential === 'string'
            ? {
                '@context': 'https://www.w3.org/ns/credentials/v2',
                id: `data:application/vc+jwt,${credential}`,
                type: 'EnvelopedVerifiableCredential',
              }
            : (asObject(credential) ?? {});
        const content =
          typeof credential === 'string' ? (vcJwtCredential(credential) ?? {}) : credentialContent(document);
        const subjects = asList(content.credentialSubject).map((s) => asObject(s)?.id);
        if (subjects.length === 0 || subjects.some((id) => id !== result.holder))
          errors.push(
            `${at} verifiableCredential[${i}]: issued to ${subjects.map(String).join(', ') || 'no one'}, not to the holder ${result.holder}`,
          );
        const why = unmatched(content, competencies);
        if (why) errors.push(`${at} verifiableCredential[${i}]: ${why}`);
        if (typeof content.id !== 'string')
          errors.push(`${at} verifiableCredential[${i}]: a credential needs an id to be kept`);
        else if (seen.has(content.id))
          errors.push(`${at} verifiableCredential[${i}]: ${content.id} is presented twice`);
        seen.add(String(content.id));
        kept.push(document);
      }
    }
  }
  if (kept.length === 0 && errors.length === 0) errors.push('the response presents no credential');
  if (errors.length > 0) throw refused(errors.join('; '));
  try {
    await keepPresentedCredentials(deps, systemActor(`wallet:${requestId}`), request, learner.id, kept);
  } catch (error) {
    if (error instanceof DomainError) throw refused(error.detail);
    throw error;
  }
  return { kept: kept.length };
}
