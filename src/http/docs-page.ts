/**
 * The `/docs` page: a self-contained reader of `/openapi.json` (no CDN, no internet), grouping
 * operations by tag and showing parameters, request bodies and responses with their schemas.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Loopbrug API</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2a33; background: #f6f8f9; }
  header { background: #0b5d5b; color: #fff; padding: 1rem 2rem; }
  header h1 { margin: 0; font-size: 1.4rem; }
  main { max-width: 70rem; margin: 0 auto; padding: 1rem 2rem 4rem; }
  h2 { border-bottom: 2px solid #0b5d5b; padding-bottom: .25rem; margin-top: 2rem; }
  details { background: #fff; border: 1px solid #d5dde1; border-radius: 6px; margin: .5rem 0; }
  summary { cursor: pointer; padding: .5rem .75rem; display: flex; gap: .75rem; align-items: baseline; }
  .method { font: 600 .8rem ui-monospace, monospace; text-transform: uppercase; padding: .1rem .4rem;
    border-radius: 4px; color: #fff; min-width: 3.5rem; text-align: center; }
  .get { background: #2f6fb0; } .post { background: #2e8540; } .patch { background: #b07a12; }
  .put { background: #7a4fb0; } .delete { background: #b0362f; }
  .path { font-family: ui-monospace, monospace; }
  .body { padding: 0 1rem 1rem; }
  pre { background: #f0f3f5; padding: .75rem; overflow-x: auto; border-radius: 4px; font-size: .85rem; }
  table { border-collapse: collapse; } td, th { text-align: left; padding: .2rem .6rem; border-bottom: 1px solid #e3e8eb; }
</style>
</head>
<body>
<header><h1 id="title">Loopbrug API</h1><div id="version"></div></header>
<main id="content"><p>Loading /openapi.json…</p></main>
<script>
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
};
let spec;
const resolve = (schema, depth = 0) => {
  if (!schema || depth > 6) return schema;
  if (schema.$ref) return resolve(spec.components.schemas[schema.$ref.split('/').pop()], depth + 1);
  if (Array.isArray(schema)) return schema.map((s) => resolve(s, depth + 1));
  if (typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, resolve(v, depth + 1)]));
};
const schemaBlock = (schema) => el('pre', {}, JSON.stringify(resolve(schema), null, 2));
fetch('openapi.json').then((r) => r.json()).then((doc) => {
  spec = doc;
  document.getElementById('title').textContent = doc.info.title;
  document.getElementById('version').textContent = doc.info.version + ' · OpenAPI ' + doc.openapi;
  const groups = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags && op.tags[0]) || 'Overig';
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push({ path, method, op });
    }
  }
  const main = document.getElementById('content');
  main.replaceChildren(el('p', {}, doc.info.description || ''));
  for (const [tag, ops] of groups) {
    main.append(el('h2', {}, tag));
    for (const { path, method, op } of ops) {
      const body = el('div', { class: 'body' });
      if (op.description) body.append(el('p', {}, op.description));
      if (op.parameters && op.parameters.length) {
        const rows = op.parameters.map((p) => el('tr', {}, el('td', {}, p.name), el('td', {}, p.in),
          el('td', {}, (p.schema && (p.schema.type || '')) + (p.required ? ' (required)' : '')),
          el('td', {}, p.description || '')));
        body.append(el('h4', {}, 'Parameters'), el('table', {}, ...rows));
      }
      const req = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
      if (req) body.append(el('h4', {}, 'Request body'), schemaBlock(req.schema));
      for (const [status, res] of Object.entries(op.responses || {})) {
        body.append(el('h4', {}, 'Response ' + status + ' — ' + (res.description || '')));
        const content = res.content && (res.content['application/json'] || res.content['application/problem+json']);
        if (content && content.schema) body.append(schemaBlock(content.schema));
      }
      main.append(el('details', {}, el('summary', {}, el('span', { class: 'method ' + method }, method),
        el('span', { class: 'path' }, path), el('span', {}, op.summary || '')), body));
    }
  }
}).catch((e) => { document.getElementById('content').textContent = 'Could not load openapi.json: ' + e; });
</script>
</body>
</html>`;
