import ContextResolver from 'jsonld/lib/ContextResolver.js';
import jsonldContext from 'jsonld/lib/context.js';
import ResolvedContext from 'jsonld/lib/ResolvedContext.js';
import { expect, it } from 'vitest';
// Loads the libraries as the worker does, which makes the changes.
import '../../src/credentials/vc-library.js';

// src/credentials/jsonld-active-context.ts changes how jsonld.js copies, resolves and caches contexts
// wherever the libraries are loaded; its N-Quads are checked against the published library on Node.
// Here: that the Workers bundle has one copy of each jsonld module changed, and the changes are in place
// in it, not in a second copy.
it('jsonld.js shares active contexts on workerd too', async () => {
  const initial = jsonldContext.getInitialContext({ processingMode: undefined }) as {
    clone: { name: string };
    revertToPreviousContext: { name: string };
  };
  expect(initial.clone.name).toBe('childOf');
  expect(initial.revertToPreviousContext.name).toBe('previousOf');
  expect((ContextResolver.prototype as { resolve: { name: string } }).resolve.name).toBe(
    'resolveKeepingFrozen',
  );
  expect((ResolvedContext.prototype as { getProcessed: { name: string } }).getProcessed.name).toBe(
    'getProcessedByEntry',
  );
  expect(
    (jsonldContext as unknown as { createTermDefinition: { name: string } }).createTermDefinition.name,
  ).toBe('defineInOwnMappings');
});
