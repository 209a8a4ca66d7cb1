import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env.js';

/**
 * The files of swagger-ui-dist that /docs loads, with their types; nothing else of the package is served.
 */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const SHELL = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Loopbrug API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
<main id="swagger-ui"><p>Loading the API reference…</p></main>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`;

// Swagger UI reads /openapi.json from this site; validatorUrl null keeps it from calling a validator
// elsewhere, so the page fetches nothing from outside. "Authorize" holds the bearer token for try-it.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
  displayOperationId: true,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
});
`;

const NOT_INSTALLED = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Loopbrug API</title></head>
<body><main><h1>Loopbrug API</h1><p>The API reference viewer is not installed in this runtime. The OpenAPI
document is at <a href="/openapi.json">/openapi.json</a>.</p></main></body></html>`;

/**
 * `/docs`: the API reference, Swagger UI (swagger-ui-dist) served by the app itself from the package
 * the runtime bundles (no CDN, no internet), reading /openapi.json, with try-it and "Authorize" for a
 * bearer token. Its CSP allows scripts from this site only and connections to this site only.
 * @example app.route('/', docsRoutes())
 */
export const docsRoutes = () => {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      // Swagger UI sets style attributes on the elements it draws.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    referrerPolicy: 'no-referrer',
  });
  return new Hono<AppEnv>()
    .use('/docs', headers)
    .use('/docs/*', headers)
    .get('/docs', (c) => c.html(c.get('deps').docsAsset ? SHELL : NOT_INSTALLED))
    .get('/docs/init.js', (c) =>
      c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }),
    )
    .get('/docs/assets/:name', async (c) => {
      const name = c.req.param('name');
      const type = ASSETS[name];
      const file = type === undefined ? undefined : await c.get('deps').docsAsset?.(name);
      if (type === undefined || file === undefined) return c.notFound();
      return c.body(file, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
    });
};
