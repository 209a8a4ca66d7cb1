import { Hono } from 'hono';
import { listInstitutions } from '../catalog/index.js';
import { sharedCredential } from '../credential-shares/index.js';
import { asObject, type JsonObject } from '../credentials/index.js';
import {
  type Check,
  type CredentialVerification,
  signedAtOf,
  trustOf,
  verifyCredential,
} from '../verification/index.js';
import { CSRF_FIELD, csrfToken } from '../web-auth/index.js';
import { aboutOf } from './credential-view.js';
import type { Messages } from './i18n/index.js';
import { renderPage } from './layout.js';
import type { PageContext, PageEnv } from './page-env.js';
import { Fact } from './page-parts.js';

/**
 * A pasted or uploaded credential: a JSON object, or a compact VC-JWT (three base64url parts); or why
 * it is refused (a key of `t.verify`): nothing given, not JSON, or JSON that is no object (an array, a
 * number, a string, null), which no check could look at.
 * @example parseCredential('[1,2,3]') // { refused: 'notCredential' }
 */
function parseCredential(
  text: string,
): { credential: string | JsonObject } | { refused: 'nothingGiven' | 'notJson' | 'notCredential' } {
  const trimmed = text.trim();
  if (trimmed === '') return { refused: 'nothingGiven' };
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(trimmed)) return { credential: trimmed };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { refused: 'notJson' };
  }
  const credential = asObject(parsed);
  return credential ? { credential } : { refused: 'notCredential' };
}

/**
 * How a check is shown: it held (`ok`), it failed (`bad`), it passed only because the credential names
 * nothing for it to check (`absent`), it failed because what it needs is not there (`missing`), or it
 * could not be checked because what it rests on could not be read (`unchecked`): the verification's own
 * `notChecked`. Fail-closed: only a check that passed is ever `ok` or `absent`, and the verdict above
 * the checks stays the verification's own.
 */
type Shown = 'ok' | 'bad' | 'absent' | 'missing' | 'unchecked';

function shownOf(check: Check): Shown {
  if (check.notChecked === 'blocked') return 'unchecked';
  if (check.notChecked === 'absent') return check.ok ? 'absent' : 'missing';
  return check.ok ? 'ok' : 'bad';
}

/**
 * Whether a verification proves who issued the credential: its signature holds and the issuer's key made
 * it. Its status, validity period and schema say whether the credential counts, not who issued it.
 */
const issuerProven = (result: CredentialVerification) =>
  (['signature', 'issuer'] as const).every((name) =>
    result.checks.some((check) => check.check === name && check.ok),
  );

/**
 * Verifies a credential for the page: every check, and, when its issuer is proven (issuerProven: a
 * revoked or suspended credential was issued by someone all the same), the names of the instellingen of
 * this deployment that trust that issuer (trustOf, with the proof's date) and for which it verifies as
 * `POST /credentials/verify` answers with that instelling as relying party, with the DID documents it
 * pinned: that verification fails no check the public one passed. Only the instellingen that trust the
 * issuer are verified for again.
 */
async function verifyForPage(c: PageContext, credential: string | JsonObject) {
  const deps = c.get('deps');
  const result = await verifyCredential(deps, credential);
  const { issuer } = result;
  if (!issuerProven(result) || issuer === undefined) return { result, trusted: undefined };
  const { items } = await listInstitutions(deps, { limit: 200 });
  const signedAt = signedAtOf(credential, issuer);
  const answers = await Promise.all(items.map((i) => trustOf(deps, i.id, issuer, { signedAt })));
  const trusting = items.filter((_, i) => answers[i]?.trusted);
  // An instelling's own pin of the issuer's DID document may fail what the public verification passed.
  // Its `trust` check is left out: trustOf answered it, and it is "not established" for any credential
  // that does not verify, a suspended one too.
  const failedPublicly = new Set(result.checks.filter((check) => !check.ok).map((check) => check.check));
  const verifiedFor = await Promise.all(
    trusting.map((i) => verifyCredential(deps, credential, { relyingParty: i.id })),
  );
  const holds = (rp: CredentialVerification | undefined) =>
    rp?.checks.every((check) => check.ok || check.check === 'trust' || failedPublicly.has(check.check));
  return { result, trusted: trusting.filter((_, i) => holds(verifiedFor[i])).map((i) => i.name) };
}

const checkText = (t: Messages, name: string) =>
  (t.verify.checks as Record<string, { ok: string; bad: string }>)[name] ?? t.verify.checks.other;
const checkName = (t: Messages, name: string) =>
  (t.verify.checkNames as Record<string, string>)[name] ?? name;

/**
 * What a check that failed means. A failed status check says what the status list said (revoked,
 * suspended, or unreadable), as the verification read it, not all three at once.
 */
function failedText(t: Messages, name: string, status: CredentialVerification['status']): string {
  if (name === 'status' && status !== undefined && status !== 'active') return t.verify.statusFailed[status];
  return checkText(t, name).bad;
}

/** A check's verdict and what it means, in words, as it is shown. */
function checkWords(
  t: Messages,
  name: string,
  shown: Shown,
  { unreadable, status }: { unreadable: boolean; status: CredentialVerification['status'] },
): { verdict: string; text: string } {
  const text = checkText(t, name);
  switch (shown) {
    case 'ok':
      return { verdict: t.verify.ok, text: text.ok };
    case 'absent':
      return {
        verdict: t.verify.absent,
        text: (t.verify.absentChecks as Record<string, string>)[name] ?? t.verify.checks.other.ok,
      };
    case 'missing':
      return {
        verdict: t.verify.missing,
        text: (t.verify.missingChecks as Record<string, string>)[name] ?? text.bad,
      };
    case 'unchecked':
      // Only the issuer's key waits on a proof; everything waits on a VC-JWT that could be read.
      return {
        verdict: t.verify.unchecked,
        text: unreadable ? t.verify.unreadable : t.verify.uncheckedIssuer,
      };
    default:
      return { verdict: t.verify.notOk, text: failedText(t, name, status) };
  }
}

/** The verdict, what the credential is about, each check in plain words, and who trusts its issuer. */
function VerificationResult({
  c,
  credential,
  result,
  trusted,
}: {
  c: PageContext;
  credential: string | JsonObject;
  result: CredentialVerification;
  /** The names of the instellingen that trust the issuer; undefined when who issued it is not proven. */
  trusted: string[] | undefined;
}) {
  const t = c.get('t');
  const about = aboutOf(credential, c.get('deps').urls.base);
  const unreadable = result.checks.some(
    (check) => check.check === 'signature' && check.notChecked === 'blocked',
  );
  return (
    <section aria-labelledby="uitslag">
      <h2 id="uitslag">{t.verify.resultHeading}</h2>
      <p class={`notice ${result.verified ? 'ok' : 'bad'}`} role="status">
        <strong>{result.verified ? t.verify.verified : t.verify.notVerified}</strong>
      </p>
      <h3>{t.verify.about}</h3>
      {about.image ? <img class="badge-image" src={about.image} alt={about.achievement ?? ''} /> : null}
      <dl>
        <Fact label={t.verify.achievement} value={about.achievement} />
        <Fact label={t.verify.holder} value={about.holder} />
        <Fact label={t.verify.issuedBy} value={about.issuer} />
        <Fact label={t.verify.issuedOn} value={about.issuedOn} />
      </dl>
      <h3>{t.verify.checksHeading}</h3>
      <ul class="checks">
        {result.checks.map((check) => {
          const shown = shownOf(check);
          const { verdict, text } = checkWords(t, check.check, shown, { unreadable, status: result.status });
          return (
            <li>
              <span class={shown === 'absent' ? 'verdict' : `verdict ${check.ok ? 'ok' : 'bad'}`}>
                {checkName(t, check.check)}: {verdict}
              </span>
              <br />
              {text}
              {check.message ? (
                <details>
                  <summary>{t.verify.detail}</summary>
                  <p>{check.message}</p>
                </details>
              ) : null}
            </li>
          );
        })}
      </ul>
      <h3>{t.verify.trustHeading}</h3>
      <p>
        {trusted === undefined
          ? t.verify.trustNotEstablished
          : trusted.length > 0
            ? t.verify.trustedBy(trusted.join(', '))
            : t.verify.trustedByNone}
      </p>
      {trusted !== undefined && !result.verified ? <p>{t.verify.trustIssuerOnly}</p> : null}
      {result.issuer ? <p class="hint">{result.issuer}</p> : null}
    </section>
  );
}

/** The form to paste or upload a credential; it works without JavaScript (multipart POST). */
function VerifyForm({ c, text, error }: { c: PageContext; text?: string; error?: string }) {
  const t = c.get('t');
  return (
    <form method="post" action="/verify" enctype="multipart/form-data">
      <input type="hidden" name={CSRF_FIELD} value={csrfToken(c)} />
      {error ? (
        <p class="notice bad" id="verify-error" role="alert">
          {error}
        </p>
      ) : null}
      <label for="credential">{t.verify.pasteLabel}</label>
      <span class="hint" id="credential-hint">
        {t.verify.pasteHint}
      </span>
      <textarea
        id="credential"
        name="credential"
        aria-describedby={error ? 'credential-hint verify-error' : 'credential-hint'}
        aria-invalid={error ? 'true' : undefined}
        spellcheck={false}
      >
        {text ?? ''}
      </textarea>
      <label for="file">{t.verify.fileLabel}</label>
      <span class="hint" id="file-hint">
        {t.verify.fileHint}
      </span>
      <input
        type="file"
        id="file"
        name="file"
        accept=".json,.jwt,application/json"
        aria-describedby="file-hint"
      />
      <div class="actions">
        <button type="submit">{t.verify.submit}</button>
      </div>
    </form>
  );
}

/**
 * The verify page again after a body over the pages' size limit: its form, empty (the body was not
 * read), with the reason in the page's language. page-routes' bodyLimit answers it with 413.
 * @example bodyLimit({ maxSize, onError: (c) => verifyTooLarge(c) })
 */
export function verifyTooLarge(c: PageContext): Promise<Response> {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t.verify.title, section: 'verify', status: 400 },
    <VerifyForm c={c} error={t.verify.tooLarge} />,
  );
}

/**
 * The public verification page: paste or upload a credential (`/verify`), or open a share link
 * (`/verify/{shareId}`, 404 when it is unknown, altered or withdrawn), and see each check of
 * src/verification in plain words, with the instellingen that trust the issuer (trustOf).
 * @example pages.route('/', verifyPages())
 */
export const verifyPages = () =>
  new Hono<PageEnv>()
    .get('/verify', (c) => {
      const t = c.get('t');
      return renderPage(
        c,
        { title: t.verify.title, section: 'verify' },
        <>
          <p class="lead">{t.verify.intro}</p>
          <VerifyForm c={c} />
        </>,
      );
    })
    .post('/verify', async (c) => {
      const t = c.get('t');
      const form = await c.req.parseBody();
      const file = form.file instanceof File && form.file.size > 0 ? form.file : undefined;
      const pasted = typeof form.credential === 'string' ? form.credential : '';
      const text = file ? await file.text() : pasted;
      const frame = { title: t.verify.title, section: 'verify' as const };
      const parsed = parseCredential(text);
      if ('refused' in parsed) {
        const error = t.verify[parsed.refused];
        return renderPage(c, { ...frame, status: 400 }, <VerifyForm c={c} text={pasted} error={error} />);
      }
      const { credential } = parsed;
      const verified = await verifyForPage(c, credential);
      return renderPage(
        c,
        frame,
        <>
          <VerificationResult c={c} credential={credential} {...verified} />
          <h2>{t.verify.another}</h2>
          <VerifyForm c={c} />
        </>,
      );
    })
    .get('/verify/:shareId', async (c) => {
      const t = c.get('t');
      const deps = c.get('deps');
      const shareId = c.req.param('shareId');
      const { verifiableCredential } = await sharedCredential(deps, shareId);
      const verified = await verifyForPage(c, verifiableCredential);
      return renderPage(
        c,
        { title: t.verify.title, section: 'verify' },
        <>
          <p class="notice">{t.verify.sharedBy}</p>
          <VerificationResult c={c} credential={verifiableCredential} {...verified} />
          <p>
            <a href={`/shared-credentials/${encodeURIComponent(shareId)}`} type="application/json">
              JSON
            </a>
          </p>
        </>,
      );
    });
