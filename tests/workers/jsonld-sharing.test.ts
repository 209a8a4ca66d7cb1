import jsonldContext from 'jsonld/lib/context.js';
import { expect, it } from 'vitest';
// Loads the libraries as the worker does, which makes the change.
import '../../src/credentials/vc-library.js';

// src/credentials/jsonld-active-context.ts changes how jsonld.js copies active contexts wherever the
// libraries are loaded; its N-Quads are checked against the published library on Node. Here: that the
// Workers bundle has one jsonld context module and the change is in place in it, not a second copy.
it('jsonld.js shares term definitions between active contexts on workerd too', async () => {
  const initial = jsonldContext.getInitialContext({ processingMode: undefined }) as {
    clone: { name: string };
    revertToPreviousContext: { name: string };
  };
  expect(initial.clone.name).toBe('childOf');
  expect(initial.revertToPreviousContext.name).toBe('previousOf');
});
