import { setGlobalConfig } from '@openid4vc/utils';
import { DEFAULT_WALLET_SETTINGS, type Deps, type WalletSettings } from '../kernel/ports.js';
import type { PublicUrls } from '../kernel/urls.js';

/**
 * The wallet settings of a deployment: its configured ones, or the defaults.
 * @example walletSettings(deps).offerSeconds // 600
 */
export const walletSettings = (deps: Pick<Deps, 'wallet'>): WalletSettings =>
  deps.wallet ?? DEFAULT_WALLET_SETTINGS;

/**
 * Lets the protocol libraries accept this deployment's own URLs. OpenID4VCI and OpenID4VP require https;
 * the libraries refuse http unless told otherwise, process-wide. A deployment on plain http (only ever
 * development: `http://localhost:8787`) tells them so; one on https changes nothing.
 * @example allowDevelopmentUrls(deps.urls) // before building metadata with the library
 */
export function allowDevelopmentUrls(urls: PublicUrls): void {
  if (urls.base.startsWith('http://')) setGlobalConfig({ allowInsecureUrls: true });
}
