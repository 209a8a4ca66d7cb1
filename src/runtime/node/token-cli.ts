import { parseArgs } from 'node:util';
import { Claims } from '../../auth/principal.js';
import { signToken } from '../../auth/token-signer.js';
import { readConfig } from '../config.js';
import { loadOrCreateDevKeys } from './dev-keys.js';

const usage = `Prints a dev bearer token signed with the key under DATA_DIR.
  npm run token -- --role opleider --institution han
  npm run token -- --role werkgever --employer ksu [--sub hr-ksu] [--expires 2h]
Roles: admin, opleider (needs --institution), werkgever and praktijkopleider (need --employer), learner.`;

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    institution: { type: 'string' },
    employer: { type: 'string' },
    sub: { type: 'string' },
    expires: { type: 'string', default: '12h' },
    help: { type: 'boolean' },
  },
});
if (values.help || !values.role) {
  console.log(usage);
  process.exit(values.help ? 0 : 1);
}
const claims = Claims.safeParse({
  sub: values.sub ?? `${values.role}-${values.institution ?? values.employer ?? 'dev'}`,
  role: values.role,
  institution: values.institution,
  employer: values.employer,
});
if (!claims.success) {
  console.error(
    `Cannot make that token: ${claims.error.issues.map((i) => i.message).join('; ')}\n\n${usage}`,
  );
  process.exit(1);
}
// The dev key file it may make is the owner's alone, as the server makes it.
process.umask(0o077);
const config = readConfig(process.env);
if (config.mode === 'production') {
  console.error('Production mode trusts no development token keys: get tokens from your identity provider.');
  process.exit(1);
}
if (config.tokenKeys)
  console.error('Note: JWKS or JWKS_URL is set, so the server will not accept dev tokens.');
const keys = await loadOrCreateDevKeys(config.dataDir);
const settings = { issuer: config.jwtIssuer, audience: config.jwtAudience };
console.log(await signToken(keys.privateJwk, keys.kid, claims.data, settings, values.expires));
