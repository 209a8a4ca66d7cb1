import { writeFileSync } from 'node:fs';
import { readConfig } from '../config.js';
import { loadOrCreateDevKeys } from './dev-keys.js';
import { keyEncryptionKeyFor } from './key-encryption-key.js';

// `wrangler dev` reads secrets from .dev.vars: give the local worker the same dev key set and
// key-encryption key as `npm start`, so `npm run token` works against both runtimes.
const config = readConfig(process.env);
const keys = await loadOrCreateDevKeys(config.dataDir);
writeFileSync(
  '.dev.vars',
  `JWKS='${JSON.stringify(keys.jwks)}'\nKEY_ENCRYPTION_KEY='${keyEncryptionKeyFor(config, 0)}'\n`,
);
console.log('Wrote .dev.vars with the dev JWKS for wrangler dev.');
