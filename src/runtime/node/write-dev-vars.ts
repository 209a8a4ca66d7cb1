import { writeFileSync } from 'node:fs';
import { readConfig } from './config.js';
import { loadOrCreateDevKeys } from './dev-keys.js';

// `wrangler dev` reads secrets from .dev.vars: give the local worker the same dev key set as
// `npm start`, so `npm run token` works against both runtimes.
const keys = await loadOrCreateDevKeys(readConfig().dataDir);
writeFileSync('.dev.vars', `JWKS='${JSON.stringify(keys.jwks)}'\n`);
console.log('Wrote .dev.vars with the dev JWKS for wrangler dev.');
