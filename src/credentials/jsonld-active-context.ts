/**
 * One change to how jsonld.js (9.0.0) works, not to what it computes: how it copies active contexts.
 *
 * Every time expansion enters a type- or property-scoped context, and every time it leaves one,
 * jsonld.js makes a child of the active context by deep-copying it: every term definition of every
 * context in scope, with everything inside each, and the whole chain of previous contexts again. The
 * VC 2.0 and Open Badges 3.0 contexts scope a context to nearly every type, so one 3 kB credential had
 * hundreds of thousands of objects copied per signature; profiled, the copying and the garbage it left
 * were about half of signing and of verifying. And as a reverted context was always a new copy, the
 * library's own cache of processed contexts (kept per active context object) missed each time after,
 * and the contexts were processed again. Without both, signing took a quarter of the time.
 *
 * The copies are not needed. A term definition is only ever written inside `createTermDefinition`,
 * into the object that call has just made; once made, every reader in jsonld.js (context, expand,
 * compact, toRdf) only reads it. An active context is only written while `process` builds it, on a
 * fresh child; once returned it is only read (the inverse context it caches is derived from its
 * definitions). So a child needs its own map of term definitions and its own set of protected terms,
 * and may share the definitions and its previous context; reverting to the previous context may hand
 * back that context itself, which the processed-context cache then recognises. The N-Quads jsonld.js
 * produces do not change, which `jsonld-active-context.test.ts` checks against the library as
 * published, in a process of its own.
 *
 * jsonld.js gives every active context its `clone` and `revertToPreviousContext` from the initial
 * context it descends from, and keeps one initial context per processing mode; these are set there.
 * Should the library ever drop a cached initial context, the new one copies deeply again: slower, never
 * different.
 */
import jsonldContext from 'jsonld/lib/context.js';

/** The part of a jsonld.js active context the copy touches. */
interface ActiveContext {
  mappings: Map<string, object>;
  protected: Record<string, boolean>;
  inverse: unknown;
  previousContext?: ActiveContext;
  clone(this: ActiveContext): ActiveContext;
  getInverse: unknown;
  revertToPreviousContext(this: ActiveContext): ActiveContext;
  '@base'?: unknown;
  '@language'?: unknown;
  '@vocab'?: unknown;
}

/** jsonld.js's own child of an active context, sharing the term definitions and previous context it copied. */
function childOf(this: ActiveContext): ActiveContext {
  const child: ActiveContext = {
    mappings: new Map(this.mappings),
    clone: this.clone,
    inverse: null,
    getInverse: this.getInverse,
    protected: { ...this.protected },
    revertToPreviousContext: this.revertToPreviousContext,
  };
  if (this.previousContext) child.previousContext = this.previousContext;
  if ('@base' in this) child['@base'] = this['@base'];
  if ('@language' in this) child['@language'] = this['@language'];
  if ('@vocab' in this) child['@vocab'] = this['@vocab'];
  return child;
}

/** The context before the type-scoped one, itself rather than a copy (see above). */
function previousOf(this: ActiveContext): ActiveContext {
  return this.previousContext ?? this;
}

/**
 * Makes jsonld.js share term definitions and previous contexts between active contexts (see above), for
 * every processing mode the libraries ask for. Called once, where the libraries are loaded.
 * @example shareTermDefinitions(); await cryptosuite.canonize(credential, { documentLoader });
 */
export function shareTermDefinitions(): void {
  for (const processingMode of [undefined, 'json-ld-1.1']) {
    const initial = jsonldContext.getInitialContext({ processingMode }) as ActiveContext;
    initial.clone = childOf;
    initial.revertToPreviousContext = previousOf;
  }
}
