import { writeFileSync } from 'node:fs';
import { readConfig } from './config.js';
import { loadOrCreateDevKeys } from './dev-keys.js';
import { loadOrCreateKeyEncryptionKey } from './key-encryption-key.js';

// `wrangler dev` reads secrets from .dev.vars: give the local worker the same dev key set as
// `npm start`, so `npm run token` works against both runtimes.
const { dataDir } = readConfig();
const keys = await loadOrCreateDevKeys(dataDir);
const kek = loadOrCreateKeyEncryptionKey(process.env, dataDir);
writeFileSync('.dev.vars', `JWKS='${JSON.stringify(keys.jwks)}'\nKEY_ENCRYPTION_KEY='${kek}'\n`);
console.log('Wrote .dev.vars with the dev JWKS for wrangler dev.');
