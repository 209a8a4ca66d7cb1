import { OpenAPIHono } from '@hono/zod-openapi';
import { authenticate } from '../auth/authenticate.js';
import { badgeRoutes } from '../badges/index.js';
import { catalogRoutes } from '../catalog/index.js';
import { credentialShareRoutes } from '../credential-shares/index.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { bodyGuards } from '../http/body-guards.js';
import { browserNotFound } from '../http/browser-not-found.js';
import { docsRoutes } from '../http/docs-page.js';
import { idempotency } from '../http/idempotency.js';
import { withOperationIds } from '../http/operation-ids.js';
import { ProblemError, renderProblem } from '../http/problem.js';
import { rateLimit } from '../http/rate-limit.js';
import { requestLog } from '../http/request-log.js';
import { cacheHeaders, crossOrigin, securityHeaders } from '../http/response-headers.js';
import { institutionAuditRoutes } from '../institution-audit/index.js';
import { issuanceRoutes, settleModuleCredentials } from '../issuance/index.js';
import { presentationRequestRoutes } from '../learners/presentation-routes.js';
import { learnerRoutes } from '../learners/routes.js';
import { learningRouteRoutes } from '../learning-routes/routes.js';
import { isPagePath, pageRoutes } from '../pages/index.js';
import { signoffRoutes } from '../signoffs/routes.js';
import { stackingRoutes } from '../stacking/index.js';
import { verificationRoutes } from '../verification/index.js';
import { credentialOfferRoutes, walletIssuanceProtocolRoutes } from '../wallet-issuance/index.js';
import { walletPresentationProtocolRoutes, walletRequestRoutes } from '../wallet-presentation/index.js';

export type { AppDeps } from '../http/app-env.js';

// Everything else needs a bearer token. Verifiers, DID documents, status lists and published
// contexts and schemas must be reachable by anyone who holds a credential.
const PUBLIC_PATHS = [
  /^\/(health|openapi\.json|docs)$/,
  /^\/docs\/(init\.js|assets\/[^/]+)$/,
  /^\/badges\/(modules\/[^/]+\/versions\/[^/]+|qualifications\/[^/]+)$/,
  /^\/shared-credentials\/[^/]+$/,
  /^\/institutions\/[^/]+\/did\.json$/,
  /^\/status-lists\/[^/]+$/,
  /^\/(credentials|presentations)\/verify$/,
  /^\/(contexts|schemas)\/[^/]+$/,
];

/**
 * Builds the Loopbrug HTTP app from its dependencies; the Node and Workers entries differ only
 * in what they pass in.
 * @example const app = createApp({ db, verifyToken, now: () => new Date(), newId, urls, log, keyEncryptionKey, maxBodyBytes });
 */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(renderProblem);
  app.notFound((c) => renderProblem(new ProblemError(404, 'Not found', `No route for ${c.req.path}.`), c));

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  // In this order, around everything (the pages and the wallet protocols too): a request id and the
  // request's log line, security and cache headers, CORS for the public documents and verifiers (and
  // OPTIONS), then the rate limit of the CPU-heavy public endpoints, before any of their work.
  app.use('*', ...requestLog());
  app.use('*', securityHeaders());
  app.use('*', cacheHeaders());
  app.use('*', crossOrigin());
  app.use('*', rateLimit());
  // The pages are their own app: their session cookie, CSRF checks and HTML errors never meet the API's
  // bearer tokens, JSON body guards and problem documents, nor the other way round.
  const pages = pageRoutes(deps);
  app.use('*', async (c, next) => (isPagePath(c.req.path) ? pages.fetch(c.req.raw, c.env) : next()));
  // The OpenID4VCI and OpenID4VP endpoints wallets call speak their protocols, not this API: their own
  // authentication, form bodies and OAuth error responses. They answer before the bearer check.
  app.route('/', walletIssuanceProtocolRoutes());
  app.route('/', walletPresentationProtocolRoutes());
  // A person who opens an unknown URL gets the pages' 404 page (any path that is none of theirs is
  // their not-found), where the bearer check would answer a problem they cannot use.
  app.use(
    '*',
    browserNotFound(
      () => app.routes,
      (c) => pages.fetch(c.req.raw, c.env),
    ),
  );
  app.use(
    '*',
    authenticate((path) => PUBLIC_PATHS.some((pattern) => pattern.test(path))),
  );
  app.use('*', bodyGuards(deps.maxBodyBytes, deps.maxPublicBodyBytes));
  app.use('*', idempotency());

  app.get('/health', async (c) => {
    await deps.db.kysely.selectFrom('institution').select('id').limit(1).execute();
    return c.json({ status: 'ok', time: deps.now().toISOString() });
  });
  app.route('/', docsRoutes());

  for (const router of catalogRoutes()) app.route('/', router);
  for (const routes of [
    learnerRoutes,
    presentationRequestRoutes,
    learningRouteRoutes,
    () => signoffRoutes(settleModuleCredentials),
    stackingRoutes,
    verificationRoutes,
    institutionAuditRoutes,
    badgeRoutes,
    credentialShareRoutes,
    credentialOfferRoutes,
    walletRequestRoutes,
  ]) {
    app.route('/', routes());
  }
  for (const router of issuanceRoutes()) app.route('/', router);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  // Every operation gets an operationId (its own, or one made from its method and path); built once.
  let openapi: unknown;
  app.get('/openapi.json', (c) => {
    openapi ??= withOperationIds(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Loopbrug API',
          version: '0.1.0',
          description:
            'Modular curriculum and microcredentials for superscholing: the catalog of instellingen, ' +
            'competencies, leeruitkomsten and versioned modules, and what workplaces need. ' +
            'Authenticate with a bearer JWT (`npm run token` prints a dev token); people use the pages at `/`.',
        },
        servers: [{ url: deps.urls.base }],
        security: [{ bearer: [] }],
      }),
    );
    return c.json(openapi);
  });
  return app;
}
