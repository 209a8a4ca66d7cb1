import { Hono } from 'hono';
import { type CredentialFacts, credentialRules, type Rule, walletRules } from '../access/index.js';
import { credentialShares, shareCredential, withdrawShare } from '../credential-shares/index.js';
import { guard, param } from '../http/guard.js';
import {
  getCredential,
  loadCredentialFacts,
  type StoredCredential,
  statusHistoryOf,
} from '../issuance/index.js';
import { DomainError } from '../kernel/errors.js';
import { makeOffer, offerRefusal, type WalletCopy, walletCopies } from '../wallet-issuance/index.js';
import { aboutOf, type CredentialAbout, statusNote } from './credential-view.js';
import { CsrfField, DoneNotice, FormError } from './forms.js';
import { renderPage } from './layout.js';
import { localMoment, localTime } from './local-time.js';
import type { PageContext, PageEnv } from './page-env.js';
import { pageGuard } from './page-guard.js';
import { Fact } from './page-parts.js';

/** A page about the credential in `:id`, behind the rule its operation on `/credentials/{id}` declares. */
const onCredential = (rule: Rule<CredentialFacts>) =>
  pageGuard(guard(param('id', loadCredentialFacts), rule));

const pathOf = (id: string, rest = '') => `/pages/credentials/${encodeURIComponent(id)}${rest}`;

/** The credential, what it is about, and what it copies when it is a copy a wallet picked up. */
async function credentialFor(c: PageContext) {
  const deps = c.get('deps');
  const id = c.req.param('id') ?? '';
  const [credential, copies] = await Promise.all([getCredential(deps, id), walletCopies(deps, [id])]);
  const about = aboutOf(credential.verifiableCredential, deps.urls.base);
  return {
    credential,
    about,
    copy: copies.get(id),
    name: about.achievement ?? c.get('t').credential.fallbackName,
  };
}

/**
 * What the signed-in person may do with this credential besides reading it: put it in their wallet and
 * share it. Who may is the pure rule each operation declares (its learner may; an opleider reading it
 * may not share it, and is not addressed as its holder); and only what can work is offered: the offer's
 * own rule (offerRefusal: no copy a wallet picked up, nothing revoked or suspended), and a new link shares
 * a credential only to show it valid. The links already made stay listed, and can be withdrawn, whatever
 * the credential's status: /verify/{token} keeps answering for them, now showing it not valid.
 */
const mayHold = async (c: PageContext, credential: StoredCredential, copy: WalletCopy | undefined) => {
  const facts = await loadCredentialFacts(c.get('deps'), credential.id);
  const principal = c.get('principal');
  const valid = credential.status === 'active';
  return {
    /** Whether either rule lets this person hold it, so that why it cannot be held now is theirs to read. */
    holder: walletRules.offer.allows(principal, facts) || credentialRules.share.allows(principal, facts),
    offer:
      offerRefusal({ id: credential.id, copy: copy !== undefined, active: valid }) === undefined &&
      walletRules.offer.allows(principal, facts),
    /** Whether a new link may be made. */
    share: valid && credentialRules.share.allows(principal, facts),
    /** Whether the links made are theirs to see and withdraw, valid or not: withdrawing ends a link. */
    shares: credentialRules.share.allows(principal, facts),
  };
};

/** A moment of this credential (a share link made, a copy picked up) as the page says it, in Dutch time. */
const momentOf = (c: PageContext, iso: string) => localMoment(c.get('t'), c.get('lang'), iso);

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
 * A credential's page: its badge and facts, what a copy copies, when and why it was suspended or
 * revoked (statusNote), "Zet in je wallet" and share links where they can work (see mayHold), and
 * downloads; with `refusal`, a refused offer in the person's words (400). It speaks to its learner; an
 * opleider of the issuing instelling, who may offer it at the desk, reads it in staff words.
 */
async function credentialPage(c: PageContext, refusal?: string) {
  const t = c.get('t');
  const deps = c.get('deps');
  const { credential, about, copy, name } = await credentialFor(c);
  const may = await mayHold(c, credential, copy);
  const shares = may.shares ? (await credentialShares(deps, credential.id)).items : [];
  // Only its learner reads a credential as theirs (credentialRules.read): anyone else is staff.
  const own = c.get('principal').role === 'learner';
  const note =
    credential.status === 'active'
      ? []
      : statusNote(
          t,
          c.get('lang'),
          credential.status,
          (await statusHistoryOf(deps, [credential.id])).get(credential.id),
          // Whom to ask is for its learner: staff of the instelling are whom they would ask.
          own ? about.issuer : undefined,
        );
  const words = own ? t.credential : t.credential.staff;
  const done = c.req.query('done');
  return renderPage(
    c,
    { title: t.credential.title(name), section: 'work', ...(refusal ? { status: 400 as const } : {}) },
    <>
      <FormError message={refusal} />
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
      {copy ? (
        <p class="notice">
          {t.credential.copyNote(momentOf(c, copy.pickedUpAt))}{' '}
          <a href={pathOf(copy.copyOf)}>{t.credential.original}</a>
        </p>
      ) : null}
      {may.holder && credential.status !== 'active' ? (
        <div class="notice bad">
          {note.map((line) => (
            <p>{line}</p>
          ))}
          <p>{words.notValidNow[credential.status]}</p>
        </div>
      ) : null}
      {may.offer ? (
        <>
          <h2>{words.walletHeading}</h2>
          <p>{words.walletIntro}</p>
          <form method="post" action={pathOf(credential.id, '/wallet')}>
            <CsrfField c={c} />
            <button type="submit">{words.walletButton}</button>
          </form>
        </>
      ) : null}
      {may.share || shares.length > 0 ? (
        <>
          <h2>{t.credential.shareHeading}</h2>
          <p>{t.credential.shareIntro}</p>
          {may.share ? (
            <form method="post" action={pathOf(credential.id, '/shares')}>
              <CsrfField c={c} />
              <button type="submit">{t.credential.shareButton}</button>
            </form>
          ) : null}
          {shares.length === 0 ? (
            <p>{t.credential.noShares}</p>
          ) : (
            <ul class="shares">
              {shares.map((share) => (
                <li>
                  {share.withdrawnAt ? (
                    <span>
                      {t.credential.made} {momentOf(c, share.createdAt)} · {t.credential.withdrawn}
                    </span>
                  ) : (
                    <>
                      <a href={share.url} class="share-link">
                        {share.url}
                      </a>
                      <span class="hint">
                        {t.credential.made} {momentOf(c, share.createdAt)} · {t.credential.active}
                      </span>
                      <form
                        method="post"
                        action={pathOf(credential.id, `/shares/${encodeURIComponent(share.id)}/withdraw`)}
                      >
                        <CsrfField c={c} />
                        <button
                          type="submit"
                          class="secondary"
                          aria-label={t.credential.withdrawLabel(momentOf(c, share.createdAt))}
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
      {own ? (
        <p>
          <a href="/pages/me">{t.credential.back}</a>
        </p>
      ) : null}
    </>,
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
    .get('/pages/credentials/:id', onCredential(credentialRules.read), (c) => credentialPage(c))
    .post('/pages/credentials/:id/wallet', onCredential(walletRules.offer), async (c) => {
      const t = c.get('t');
      const { credential } = await credentialFor(c);
      let offer: Awaited<ReturnType<typeof makeOffer>>;
      try {
        offer = await makeOffer(c.get('deps'), c.get('principal'), credential.id, { format: 'ldp_vc' });
      } catch (error) {
        // Refused for what the credential is (a copy, not valid now): its page says why, in words.
        if (error instanceof DomainError && error.kind === 'invalid')
          return credentialPage(c, t.credential.offerRefused);
        throw error;
      }
      const expires = localTime(offer.expiresAt, c.get('lang'));
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
          <p>{t.wallet.expires(expires.time, expires.zone)}</p>
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
