/**
 * Three changes to how jsonld.js (9.0.0) works, not to what it computes: how it copies active contexts,
 * how it finds the contexts scoped inside the bundled ones, and how it caches a type-scoped context once
 * processed.
 *
 * **Copies.** Every time expansion enters a type- or property-scoped context, and every time it leaves one,
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
 * definitions). So a child may share the definitions and its previous context, and even read the map of
 * definitions and the set of protected terms of the context it was made from, until a term is defined
 * in it: only then does it need a map and a set of its own. Most children never define one (see
 * "Processing a type-scoped context" below). Reverting to the previous context may hand back that
 * context itself, which the processed-context cache then recognises.
 *
 * jsonld.js gives every active context its `clone` and `revertToPreviousContext` from the initial
 * context it descends from, and keeps one initial context per processing mode; these are set there.
 * Should the library ever drop a cached initial context, the new one copies deeply again: slower, never
 * different.
 *
 * **Resolving a scoped context.** Each time a scoped context (an object inside a context document)
 * comes into play, jsonld.js looks its resolution up by the object's JSON text: it serialises the
 * object again and hashes the long string. A bundled context document is frozen (see BUNDLED_CONTEXTS),
 * so an object inside it cannot change, and its resolution is kept by the object itself. Any other
 * object (an inline context in a credential we are handed) is looked up as jsonld.js does.
 *
 * **Processing a type-scoped context.** A type-scoped context does not propagate, so on entering one
 * `process` first makes a fresh child of the active context that remembers where to return to, and
 * then asks the resolved context's cache what it was processed into from there: keyed by that fresh
 * child, the cache always missed, and every type-scoped context of every credential was processed again
 * (some 190 term definitions for each signature of a module credential). The fresh child holds nothing
 * but what the context it was made from holds, and that context as the one to return to; so it is
 * known by that context instead, and what it was processed into holds for as long as that context
 * lives (active contexts are only read once built, see above). Like jsonld.js's own key, this one does
 * not tell apart whether protected terms may be overridden.
 *
 * The N-Quads jsonld.js produces do not change, which `jsonld-active-context.test.ts` checks against
 * the library as published, in a process of its own.
 */

import ContextResolver from 'jsonld/lib/ContextResolver.js';
import jsonldContext from 'jsonld/lib/context.js';
import ResolvedContext from 'jsonld/lib/ResolvedContext.js';

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

/** The active context each child was made from. */
const origins = new WeakMap<object, ActiveContext>();

/**
 * jsonld.js's own child of an active context. It shares the term definitions and the previous context,
 * and reads its origin's map of definitions and set of protected terms until it defines a term of its
 * own (see ownDefinitionsFirst).
 */
function childOf(this: ActiveContext): ActiveContext {
  const child: ActiveContext = {
    mappings: this.mappings,
    clone: this.clone,
    inverse: null,
    getInverse: this.getInverse,
    protected: this.protected,
    revertToPreviousContext: this.revertToPreviousContext,
  };
  if (this.previousContext) child.previousContext = this.previousContext;
  origins.set(child, this);
  if ('@base' in this) child['@base'] = this['@base'];
  if ('@language' in this) child['@language'] = this['@language'];
  if ('@vocab' in this) child['@vocab'] = this['@vocab'];
  return child;
}

/** The part of jsonld.js's context processing this changes: defining one term in an active context. */
interface TermDefiner {
  createTermDefinition(this: unknown, options: { activeCtx: ActiveContext }): unknown;
}

/**
 * Sets jsonld.js to give a child its own map of term definitions and set of protected terms the first
 * time a term is defined in it: the only place jsonld.js writes either. Until then the child reads its
 * origin's, which no longer change (see above). Most children never define a term: the one `process`
 * makes on entering a type-scoped context is only a key to the processed-context cache, which answers.
 */
function ownDefinitionsFirst(): void {
  const api = jsonldContext as unknown as TermDefiner;
  const define = api.createTermDefinition;
  api.createTermDefinition = function defineInOwnMappings(options) {
    const context = options.activeCtx;
    // Still reading its origin's map: the two are given their own copies together, so one tells.
    if (context.mappings === origins.get(context)?.mappings) {
      context.mappings = new Map(context.mappings);
      context.protected = { ...context.protected };
    }
    return define.call(this, options);
  };
}

/** The context before the type-scoped one, itself rather than a copy (see above). */
function previousOf(this: ActiveContext): ActiveContext {
  return this.previousContext ?? this;
}

/** The part of jsonld.js's context resolver this changes: resolving one or more contexts of an operation. */
interface ResolveOptions {
  context: unknown;
}
type Resolve = (this: unknown, options: ResolveOptions) => Promise<unknown[]>;

/** A JSON object as jsonld.js tells one apart: not an array, not null. */
const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  Object.prototype.toString.call(value) === '[object Object]';

/** A frozen object: one that cannot change, so what it resolves to can be kept by the object itself. */
const isFrozenObject = (value: unknown): value is object => isJsonObject(value) && Object.isFrozen(value);

/** Sets jsonld.js's resolver to keep the resolution of every frozen scoped context by the object itself. */
function keepFrozenResolutions(): void {
  const resolver = ContextResolver.prototype as { resolve: Resolve };
  const resolve = resolver.resolve;
  const kept = new WeakMap<object, unknown>();
  resolver.resolve = async function resolveKeepingFrozen(options) {
    let { context } = options;
    if (isJsonObject(context) && context['@context']) context = context['@context'];
    const contexts = Array.isArray(context) ? context : [context];
    if (!contexts.some(isFrozenObject)) return resolve.call(this, options);
    const resolved: unknown[] = [];
    for (const one of contexts) {
      if (!isFrozenObject(one)) {
        // As a list of one, so that jsonld.js takes it exactly as it takes an element of the list.
        resolved.push(...(await resolve.call(this, { ...options, context: [one] })));
        continue;
      }
      let known = kept.get(one);
      if (known === undefined) {
        [known] = await resolve.call(this, { ...options, context: [one] });
        kept.set(one, known);
      }
      resolved.push(known);
    }
    return resolved;
  };
}

/** A resolved context's cache of what it was processed into, per active context. */
interface ProcessedCache {
  getProcessed(activeCtx: object): unknown;
  setProcessed(activeCtx: object, processed: unknown): void;
}

/**
 * Sets jsonld.js's processed-context cache to know a type-scoped context by where it was entered (see
 * above): a child whose previous context is the very context it was made from is the fresh child
 * `process` makes on entering one, with nothing of its own yet, so it is known by that context.
 */
function keyProcessedByEntry(): void {
  const cache = ResolvedContext.prototype as ProcessedCache;
  const { getProcessed, setProcessed } = cache;
  const entries = new WeakMap<object, object>();
  const keyOf = (activeCtx: object): object => {
    const origin = origins.get(activeCtx);
    if (origin === undefined || (activeCtx as ActiveContext).previousContext !== origin) return activeCtx;
    let entry = entries.get(origin);
    if (entry === undefined) {
      entry = {};
      entries.set(origin, entry);
    }
    return entry;
  };
  cache.getProcessed = function getProcessedByEntry(activeCtx) {
    return getProcessed.call(this, keyOf(activeCtx));
  };
  cache.setProcessed = function setProcessedByEntry(activeCtx, processed) {
    setProcessed.call(this, keyOf(activeCtx), processed);
  };
}

/**
 * Makes the three changes above to jsonld.js: active contexts share their term definitions and previous
 * contexts (for every processing mode the libraries ask for), and read their origin's map of definitions
 * until they define a term; frozen scoped contexts are resolved once; type-scoped contexts are processed
 * once per context they are entered from. Called once, where the libraries are loaded.
 * @example shareActiveContexts(); await cryptosuite.canonize(credential, { documentLoader });
 */
export function shareActiveContexts(): void {
  for (const processingMode of [undefined, 'json-ld-1.1']) {
    const initial = jsonldContext.getInitialContext({ processingMode }) as ActiveContext;
    initial.clone = childOf;
    initial.revertToPreviousContext = previousOf;
  }
  ownDefinitionsFirst();
  keepFrozenResolutions();
  keyProcessedByEntry();
}
