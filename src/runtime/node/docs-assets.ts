import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The files of swagger-ui-dist as installed with the app, for /docs: read from the package folder by
 * name (only names without a path), undefined for a file the package does not have.
 * @example appDeps(config, { …, docsAsset: nodeDocsAssets() })
 */
export function nodeDocsAssets(): (name: string) => Promise<ArrayBuffer | undefined> {
  const folder = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return async (name) => {
    if (!/^[\w.-]+$/.test(name)) return undefined;
    try {
      const bytes = await readFile(join(folder, name));
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    } catch {
      return undefined;
    }
  };
}
