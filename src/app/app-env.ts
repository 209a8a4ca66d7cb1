// TRANSITION: the old home of the app's types, kept while features move to src/kernel and
// src/http/app-env.ts. Delete once nothing imports it.
import type { AppDeps as HttpAppDeps } from '../http/app-env.js';

export type { AppEnv } from '../http/app-env.js';
export type AppDeps = HttpAppDeps & {
  config: { publicUrl: string; maxBodyBytes: number; keyEncryptionKey: string };
};
