import type { Context, MiddlewareHandler } from 'hono';
import type { WebEnv } from '../web-auth/index.js';
import { cookies } from '../web-auth/index.js';
import { type Lang, langOf, type Messages, messagesFor } from './i18n/index.js';

/** The Hono environment of a page: the browser's session (web-auth), its language and that language's strings. */
export interface PageEnv {
  Variables: WebEnv['Variables'] & { lang: Lang; t: Messages };
}

/** A page handler's context. */
export type PageContext = Context<PageEnv>;

/**
 * Picks the page's language: the one the visitor chose (a cookie), or Dutch.
 * @example pages.use('*', chooseLanguage())
 */
export function chooseLanguage(): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    const lang = langOf(cookies.read(c, c.get('deps').urls, 'lang'));
    c.set('lang', lang);
    c.set('t', messagesFor(lang));
    await next();
  };
}
