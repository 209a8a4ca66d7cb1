import { Hono } from 'hono';
import type { PageEnv } from './page-env.js';
import { PAGES_CSS } from './styles.js';

/** Where the pages' style sheet is served. */
export const CSS_PATH = '/assets/pages.css';

/**
 * The pages' own static files: the style sheet.
 * @example app.route('/', staticAssets())
 */
export const staticAssets = () =>
  new Hono<PageEnv>().get(CSS_PATH, (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.body(PAGES_CSS, 200, { 'content-type': 'text/css; charset=utf-8' });
  });
