// Run as a process of its own by jsonld-active-context.test.ts: canonicalises the documents of a JSON
// file with jsonld.js exactly as published (nothing here loads jsonld-active-context.ts) and prints the
// N-Quads as a JSON array, after the name of the copy function the library used.
//   node --import tsx src/credentials/pristine-canonize.test-support.ts <public URL> <documents.json>
import { readFileSync } from 'node:fs';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsonldContext from 'jsonld/lib/context.js';
import { publicUrls } from '../kernel/urls.js';
import { createDocumentLoader } from './document-loader.js';

const [publicUrl, file] = process.argv.slice(2) as [string, string];
const documentLoader = createDocumentLoader({ urls: publicUrls(publicUrl) });
const documents = JSON.parse(readFileSync(file, 'utf8')) as object[];
const nquads = [];
for (const document of documents) nquads.push(await cryptosuite.canonize(document, { documentLoader }));
const { clone } = jsonldContext.getInitialContext({ processingMode: undefined }) as { clone: () => unknown };
console.log(JSON.stringify({ copiedBy: clone.name, nquads }));
