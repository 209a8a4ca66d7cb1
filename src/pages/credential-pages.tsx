import { Hono } from 'hono';
import { type CredentialFacts, credentialRules, type Rule, walletRules } from '../access/index.js';
import { credentialShares, shareCredential, withdrawShare } from '../credential-shares/index.js';
import { guard, param } from '../http/guard.js';
import { getCredential, loadCredentialFacts, type StoredCredential } from '../issuance/index.js';
import { makeOffer } from '../wallet-issuance/index.js';
import { aboutOf, type CredentialAbout } from './credential-view.js';
import { CsrfField, DoneNotice } from './forms.js';
import { renderPage } from './layout.js';
import type { PageContext, PageEnv } from './page-env.js';
import { pageGuard } from './page-guard.js';
import { Fact } from './page-parts.js';

/** A page about the credential in `:id`, behind the rule its operation on `/credentials/{id}` declares. */
const onCredential = (rule: Rule<CredentialFacts>) =>
  pageGuard(guard(param('id', loadCredentialFacts), rule));

const pathOf = (id: string, rest = '') => `/pages/credentials/${encodeURIComponent(id)}${rest}`;

/** The credential and what it is about, for a page. */
async function credentialFor(c: PageContext) {
  const deps = c.get('deps');
  const credential = await getCredential(deps, c.req.param('id') ?? '');
  const about = aboutOf(credential.verifiableCredential, deps.urls.base);
  return { credential, about, name: about.achievement ?? c.get('t').credential.fallbackName };
}

/**
 * What the signed-in person may do with this credential besides reading it: put it in their wallet and
 * share it, by the same pure rules those operations declare (its learner may; an opleider reading it may
 * not, and is not addressed as its holder).
 */
const mayHold = async (c: PageContext) => {
  const facts = await loadCredentialFacts(c.get('deps'), c.req.param('id') ?? '');
  const principal = c.get('principal');
  return {
    offer: walletRules.offer.allows(principal, facts),
    share: credentialRules.share.allows(principal, facts),
  };
};

/** What a credential is: its status, issuer, date and description; `full` adds its holder and id (to print). */
function Facts({
  c,
  credential,
  about,
  full = false,
}: {
  c: PageContext;
  credential: StoredCredential;
  about: CredentialAbout;
  full?: boolean;
}) {
  const t = c.get('t');
  return (
    <dl>
      {full ? <Fact label={t.credential.holder} value={about.holder} /> : null}
      <Fact label={t.credential.status} value={t.me.statuses[credential.status] ?? credential.status} />
      <Fact label={t.credential.issuer} value={about.issuer} />
      <Fact label={t.credential.issuedOn} value={about.issuedOn} />
      <Fact label={t.credential.description} value={about.description} />
      {full ? <Fact label={t.credential.id} value={credential.id} /> : null}
    </dl>
  );
}

/**
 * The pages of one credential (the learner it was issued to, or an opleider of its instelling, as
 * `GET /credentials/{id}` allows):
 * - `/pages/credentials/{id}`: its badge and facts, "Zet in je wallet", share links (made and withdrawn
 *   by its learner, as `POST /credentials/{id}/shares` allows), and downloads.
 * - `POST …/wallet` (`walletRules.offer`, as `POST /credentials/{id}/offer`): the OpenID4VCI offer as a QR
 *   code, with the transaction code shown apart from it (never in the QR code or the URL).
 * - `POST …/shares`, `POST …/shares/{shareId}/withdraw` (`credentialRules.share`).
 * - `GET …/credential.json` (a download) and `GET …/print` (a printable page).
 * @example pages.route('/', credentialPages())
 */
export const credentialPages = () =>
  new Hono<PageEnv>()
    .get('/pages/credentials/:id', onCredential(credentialRules.read), async (c) => {
      const t = c.get('t');
      const { credential, about, name } = await credentialFor(c);
      const may = await mayHold(c);
      const shares = may.share ? (await credentialShares(c.get('deps'), credential.id)).items : [];
      const done = c.req.query('done');
      return renderPage(
        c,
        { title: t.credential.title(name), section: 'work' },
        <>
          <DoneNotice
            text={
              done === 'shared'
                ? t.credential.shareCreated
                : done === 'withdrawn'
                  ? t.credential.shareWithdrawn
                  : undefined
            }
          />
          <div class="credential-head">
            {about.image ? <img class="badge-image" src={about.image} alt="" /> : null}
            <Facts c={c} credential={credential} about={about} />
          </div>
          {may.offer ? (
            <>
              <h2>{t.credential.walletHeading}</h2>
              <p>{t.credential.walletIntro}</p>
              <form method="post" action={pathOf(credential.id, '/wallet')}>
                <CsrfField c={c} />
                <button type="submit">{t.credential.walletButton}</button>
              </form>
            </>
          ) : null}
          {may.share ? (
            <>
              <h2>{t.credential.shareHeading}</h2>
              <p>{t.credential.shareIntro}</p>
              <form method="post" action={pathOf(credential.id, '/shares')}>
                <CsrfField c={c} />
                <button type="submit">{t.credential.shareButton}</button>
              </form>
              {shares.length === 0 ? (
                <p>{t.credential.noShares}</p>
              ) : (
                <ul class="shares">
                  {shares.map((share) => (
                    <li>
                      {share.withdrawnAt ? (
                        <span>
                          {t.credential.made} {share.createdAt.slice(0, 16).replace('T', ' ')} ·{' '}
                          {t.credential.withdrawn}
                        </span>
                      ) : (
                        <>
                          <a href={share.url} class="share-link">
                            {share.url}
                          </a>
                          <span class="hint">
                            {t.credential.made} {share.createdAt.slice(0, 16).replace('T', ' ')} ·{' '}
                            {t.credential.active}
                          </span>
                          <form
                            method="post"
                            action={pathOf(credential.id, `/shares/${encodeURIComponent(share.id)}/withdraw`)}
                          >
                            <CsrfField c={c} />
                            <button
                              type="submit"
                              class="secondary"
                              aria-label={t.credential.withdrawLabel(
                                share.createdAt.slice(0, 16).replace('T', ' '),
                              )}
                            >
                              {t.credential.withdraw}
                            </button>
                          </form>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </>
          ) : null}
          <h2>{t.credential.downloadHeading}</h2>
          <ul>
            <li>
              <a href={pathOf(credential.id, '/credential.json')} download="credential.json">
                {t.credential.downloadJson}
              </a>
            </li>
            <li>
              <a href={pathOf(credential.id, '/print')}>{t.credential.printable}</a>
            </li>
          </ul>
          {c.get('principal').role === 'learner' ? (
            <p>
              <a href="/pages/me">{t.credential.back}</a>
            </p>
          ) : null}
        </>,
      );
    })
    .post('/pages/credentials/:id/wallet', onCredential(walletRules.offer), async (c) => {
      const t = c.get('t');
      const { credential } = await credentialFor(c);
      const offer = await makeOffer(c.get('deps'), c.get('principal'), credential.id, { format: 'ldp_vc' });
      return renderPage(
        c,
        { title: t.wallet.title, section: 'work' },
        <>
          <h2>{t.wallet.step(1)}</h2>
          <p class="lead">{t.wallet.step1}</p>
          <img class="qr-code" src={offer.qrCode.png} alt={t.wallet.qrAlt} />
          <h2>{t.wallet.step(2)}</h2>
          <p class="lead">{t.wallet.step2}</p>
          <section class="tx-code" aria-labelledby="tx-code-label">
            <h3 id="tx-code-label">{t.wallet.txCodeLabel}</h3>
            <p class="code">{offer.txCode}</p>
            <p class="hint">{t.wallet.txCodeNote}</p>
          </section>
          <p>{t.wallet.expires(offer.expiresAt.slice(0, 16).replace('T', ' '))}</p>
          <p>
            {t.wallet.onPhone} <a href={offer.credentialOfferUri}>{t.wallet.openLink}</a>
          </p>
          <p>
            <a href={pathOf(credential.id)}>{t.wallet.back}</a>
          </p>
        </>,
      );
    })
    .post('/pages/credentials/:id/shares', onCredential(credentialRules.share), async (c) => {
      const id = c.req.param('id');
      await shareCredential(c.get('deps'), c.get('principal'), id);
      return c.redirect(`${pathOf(id)}?done=shared`, 303);
    })
    .post(
      '/pages/credentials/:id/shares/:shareId/withdraw',
      onCredential(credentialRules.share),
      async (c) => {
        const id = c.req.param('id');
        await withdrawShare(c.get('deps'), c.get('principal'), id, c.req.param('shareId'));
        return c.redirect(`${pathOf(id)}?done=withdrawn`, 303);
      },
    )
    .get('/pages/credentials/:id/credential.json', onCredential(credentialRules.read), async (c) => {
      const { credential } = await credentialFor(c);
      c.header('cache-control', 'no-store');
      c.header('content-disposition', 'attachment; filename="credential.json"');
      return c.body(JSON.stringify(credential.verifiableCredential, null, 2), 200, {
        'content-type': 'application/json; charset=utf-8',
      });
    })
    .get('/pages/credentials/:id/print', onCredential(credentialRules.read), async (c) => {
      const t = c.get('t');
      const { credential, about, name } = await credentialFor(c);
      return renderPage(
        c,
        { title: t.credential.printTitle(name), section: 'work' },
        <div class="printable">
          {about.image ? <img class="badge-image large" src={about.image} alt="" /> : null}
          <Facts c={c} credential={credential} about={about} full />
          <p>{t.credential.printNote}</p>
          <p class="no-print">
            <a href={pathOf(credential.id)}>{t.wallet.back}</a>
          </p>
        </div>,
      );
    });
