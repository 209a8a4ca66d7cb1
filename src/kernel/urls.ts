/**
 * Every URL and DID the service publishes, built from its public URL in one place: did:web issuers and
 * their DID documents, status lists, our context and schemas, and the ids of catalog resources that
 * credentials name.
 */
export interface PublicUrls {
  /** The public URL without a trailing slash, e.g. `http://localhost:8787`. */
  readonly base: string;
  /** The did:web of an instelling: `did:web:localhost%3A8787:institutions:han`. */
  issuerDid(slug: string): string;
  /** The instelling slug a DID (or DID URL) of ours names, or undefined when it is not one of ours. */
  institutionOfDid(didOrUrl: string): string | undefined;
  /** Where the DID document of an instelling is served. */
  didDocument(slug: string): string;
  statusList(listId: string): string;
  /** The id of a status list of ours named by its URL, or undefined when the URL is not one of ours. */
  statusListIdOf(url: string): string | undefined;
  context(name: string): string;
  schema(name: string): string;
  /** The schema name of a schema URL of ours, or undefined. */
  schemaNameOf(url: string): string | undefined;
  moduleVersion(moduleId: string, version: number): string;
  learningOutcome(outcomeId: string): string;
  employer(employerId: string): string;
  qualification(qualificationId: string): string;
  /** The badge image (SVG) of a module version, named in its credentials as OBv3 `image`. */
  moduleBadge(moduleId: string, version: number): string;
  /** The badge image (SVG) of a qualification, named in its awards. */
  qualificationBadge(qualificationId: string): string;
  /** The public verification page of a credential a learner shared. */
  sharedCredential(shareId: string): string;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The URL builders for a deployment's public URL.
 * @example publicUrls('http://localhost:8787').issuerDid('han') // 'did:web:localhost%3A8787:institutions:han'
 * @example publicUrls('http://localhost:8787').statusListIdOf('http://localhost:8787/status-lists/abc') // 'abc'
 */
export function publicUrls(publicUrl: string): PublicUrls {
  const base = publicUrl.replace(/\/$/, '');
  const url = new URL(base);
  const path = url.pathname.split('/').filter((segment) => segment !== '');
  // did:web percent-encodes the port and turns path segments into colon-separated parts.
  const didPrefix = ['did:web', encodeURIComponent(url.host), ...path, 'institutions', ''].join(':');
  const under = (prefix: string, candidate: string): string | undefined => {
    if (!candidate.startsWith(prefix)) return undefined;
    const rest = candidate.slice(prefix.length);
    if (rest === '' || /[/?#]/.test(rest)) return undefined;
    try {
      return decodeURIComponent(rest);
    } catch {
      return undefined;
    }
  };
  return {
    base,
    issuerDid: (slug) => `${didPrefix}${slug}`,
    institutionOfDid(didOrUrl) {
      const did = didOrUrl.split('#')[0] ?? '';
      if (!did.startsWith(didPrefix)) return undefined;
      const slug = did.slice(didPrefix.length);
      return SLUG.test(slug) ? slug : undefined;
    },
    didDocument: (slug) => `${base}/institutions/${slug}/did.json`,
    statusList: (listId) => `${base}/status-lists/${encodeURIComponent(listId)}`,
    statusListIdOf: (candidate) => under(`${base}/status-lists/`, candidate),
    context: (name) => `${base}/contexts/${name}`,
    schema: (name) => `${base}/schemas/${name}`,
    schemaNameOf: (candidate) => under(`${base}/schemas/`, candidate),
    moduleVersion: (moduleId, version) => `${base}/modules/${moduleId}/versions/${version}`,
    learningOutcome: (outcomeId) => `${base}/learning-outcomes/${outcomeId}`,
    employer: (employerId) => `${base}/employers/${employerId}`,
    qualification: (qualificationId) => `${base}/qualifications/${qualificationId}`,
    moduleBadge: (moduleId, version) => `${base}/badges/modules/${moduleId}/versions/${version}`,
    qualificationBadge: (qualificationId) => `${base}/badges/qualifications/${qualificationId}`,
    sharedCredential: (shareId) => `${base}/verify/${shareId}`,
  };
}
