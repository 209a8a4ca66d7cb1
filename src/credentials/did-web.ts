/**
 * The did:web of an instelling under the service's public URL. The host's port is percent-encoded
 * and path segments become colon-separated, per the did:web method.
 * @example issuerDid('http://localhost:8787', 'han') // 'did:web:localhost%3A8787:institutions:han'
 */
export function issuerDid(publicUrl: string, slug: string): string {
  const url = new URL(publicUrl);
  const path = url.pathname.split('/').filter((segment) => segment !== '');
  return ['did:web', encodeURIComponent(url.host), ...path, 'institutions', slug].join(':');
}

/**
 * Where a did:web of ours is published.
 * @example didDocumentUrl('http://localhost:8787', 'han') // 'http://localhost:8787/institutions/han/did.json'
 */
export function didDocumentUrl(publicUrl: string, slug: string): string {
  return `${publicUrl.replace(/\/$/, '')}/institutions/${slug}/did.json`;
}

/**
 * The institution slug a DID (or DID URL) of ours names, or undefined if it is not one of ours.
 * @example institutionOfDid('http://localhost:8787', 'did:web:localhost%3A8787:institutions:han#z6Mk…') // 'han'
 */
export function institutionOfDid(publicUrl: string, didOrUrl: string): string | undefined {
  const did = didOrUrl.split('#')[0] ?? '';
  const prefix = issuerDid(publicUrl, '');
  if (!did.startsWith(prefix)) return undefined;
  const slug = did.slice(prefix.length);
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) ? slug : undefined;
}
