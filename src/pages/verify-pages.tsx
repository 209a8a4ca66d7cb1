import { Hono } from 'hono';
import { listInstitutions } from '../catalog/index.js';
import { sharedCredential } from '../credential-shares/index.js';
import type { JsonObject } from '../credentials/index.js';
import { type CredentialVerification, trustOf, verifyCredential } from '../verification/index.js';
import { CSRF_FIELD, csrfToken } from '../web-auth/index.js';
import { aboutOf } from './credential-view.js';
import type { Messages } from './i18n/index.js';
import { renderPage } from './layout.js';
import type { PageContext, PageEnv } from './page-env.js';
import { Fact } from './page-parts.js';

/** A pasted or uploaded credential: a JSON object, or a compact VC-JWT (three base64url parts). */
function parseCredential(text: string): string | JsonObject | undefined {
  const trimmed = text.trim();
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(trimmed)) return trimmed;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as JsonObject)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a credential for the page: every check, and the names of the instellingen of this deployment
 * that trust its issuer (trustOf each), when its issuer is proven.
 */
async function verifyForPage(c: PageContext, credential: string | JsonObject) {
  const deps = c.get('deps');
  const result = await verifyCredential(deps, credential);
  const { issuer } = result;
  if (!result.verified || issuer === undefined) return { result, trusted: undefined };
  const { items } = await listInstitutions(deps, { limit: 200 });
  const answers = await Promise.all(items.map((i) => trustOf(deps, i.id, issuer)));
  return { result, trusted: items.filter((_, i) => answers[i]?.trusted).map((i) => i.name) };
}

const checkText = (t: Messages, name: string) =>
  (t.verify.checks as Record<string, { ok: string; bad: string }>)[name] ?? t.verify.checks.other;
const checkName = (t: Messages, name: string) =>
  (t.verify.checkNames as Record<string, string>)[name] ?? name;

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
        {result.checks.map((check) => (
          <li>
            <span class={`verdict ${check.ok ? 'ok' : 'bad'}`}>
              {checkName(t, check.check)}: {check.ok ? t.verify.ok : t.verify.notOk}
            </span>
            <br />
            {check.ok ? checkText(t, check.check).ok : checkText(t, check.check).bad}
            {check.message ? (
              <details>
                <summary>{t.verify.detail}</summary>
                <p>{check.message}</p>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
      <h3>{t.verify.trustHeading}</h3>
      <p>
        {trusted === undefined
          ? t.verify.trustNotEstablished
          : trusted.length > 0
            ? t.verify.trustedBy(trusted.join(', '))
            : t.verify.trustedByNone}
      </p>
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
      const credential = text.trim() === '' ? undefined : parseCredential(text);
      if (credential === undefined) {
        const error = text.trim() === '' ? t.verify.nothingGiven : t.verify.notJson;
        return renderPage(c, { ...frame, status: 400 }, <VerifyForm c={c} text={pasted} error={error} />);
      }
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
