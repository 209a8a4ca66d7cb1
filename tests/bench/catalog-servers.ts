// Child process of catalog.bench.ts: serves the real app on the generated database and, beside
// it, a bare Hono app that answers the same requests with the same JSON from memory.
import { Hono } from 'hono';
import { benchApp } from './support/bench-app.js';
import { servePair } from './support/serve-pair.js';

const [databasePath, listPath, createBody] = process.argv.slice(2) as [string, string, string];
const { app, token: sign } = await benchApp(databasePath);
const token = await sign({ sub: 'bench', role: 'opleider', institution: 'bench' });

// The bare baseline serves exactly what the real app answers, prepared once, from memory.
const headers = { authorization: `Bearer ${token}` };
const listJson = await (await app.request(listPath, { headers })).text();
const created = await app.request('/modules', {
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/json' },
  body: createBody,
});
const createJson = await created.text();
const bare = new Hono();
bare.get('/modules', (c) => c.body(listJson, 200, { 'content-type': 'application/json' }));
bare.post('/modules', async (c) => {
  await c.req.json();
  return c.body(createJson, 201, { 'content-type': 'application/json' });
});

servePair(app, bare, { token });
