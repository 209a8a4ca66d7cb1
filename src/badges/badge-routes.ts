import { createRoute, z } from '@hono/zod-openapi';
import { Id, WholeNumber } from '../../schemas/common.js';
import { getInstitution, getModuleVersion, getQualification } from '../catalog/index.js';
import { publicRoute } from '../http/guard.js';
import { newRouter, notFoundProblem } from '../http/router.js';
import type { Deps } from '../kernel/ports.js';
import { type BadgeContent, badgeSvg } from './badge-svg.js';

const tags = ['Credentials'];
const svg = (description: string) => ({
  description,
  content: { 'image/svg+xml': { schema: z.string() } },
});
const levelText = (level: { name: string; nlqf: number } | undefined) =>
  level ? `${level.name} · NLQF ${level.nlqf}` : undefined;

const ModuleBadgeParams = z.object({
  id: Id.openapi({ param: { name: 'id', in: 'path' } }),
  version: WholeNumber(1).openapi({ param: { name: 'version', in: 'path' }, example: 1 }),
});

const moduleBadge = createRoute(
  publicRoute({
    method: 'get',
    path: '/badges/modules/{id}/versions/{version}',
    tags,
    summary: 'The badge image of a module version',
    description:
      'An SVG generated from the published version (code, title, level, instelling), named as OBv3 `image` ' +
      'in the credentials issued for it. A version never changes, so neither does its image.',
    request: { params: ModuleBadgeParams },
    responses: { 200: svg('The badge'), ...notFoundProblem },
  }),
);

const qualificationBadge = createRoute(
  publicRoute({
    method: 'get',
    path: '/badges/qualifications/{id}',
    tags,
    summary: 'The badge image of a qualification',
    description: 'An SVG named as OBv3 `image` in the awards (ClrCredential) of the qualification.',
    request: { params: z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) }) },
    responses: { 200: svg('The badge'), ...notFoundProblem },
  }),
);

/** An SVG answer that runs nothing even when opened on its own, cached as long as it cannot change. */
const svgHeaders = (maxAge: number) => ({
  'content-type': 'image/svg+xml; charset=utf-8',
  'cache-control': `public, max-age=${maxAge}`,
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
});

/** The SVG of a badge, with the name of the instelling that awards it. */
async function badgeResponse(
  deps: Pick<Deps, 'db'>,
  content: Omit<BadgeContent, 'institution'>,
  maxAge: number,
): Promise<Response> {
  const institution = await getInstitution(deps, content.institutionId);
  return new Response(badgeSvg({ ...content, institution: institution.name }), {
    headers: svgHeaders(maxAge),
  });
}

/**
 * The badge images of modules and qualifications, at stable public URLs (`deps.urls.moduleBadge`,
 * `qualificationBadge`).
 * @example app.route('/', badgeRoutes())
 */
export const badgeRoutes = () =>
  newRouter()
    .openapi(moduleBadge, async (c) => {
      const { id, version } = c.req.valid('param');
      const module = await getModuleVersion(c.get('deps'), id, version);
      if (module.status !== 'published') return c.notFound();
      const { code, title, level, institutionId } = module;
      const content = { kind: 'module' as const, code, title, level: levelText(level), institutionId };
      // A published version never changes, so neither does its image.
      return badgeResponse(c.get('deps'), content, 86_400);
    })
    .openapi(qualificationBadge, async (c) => {
      const qualification = await getQualification(c.get('deps'), c.req.valid('param').id);
      const { code, title, level, institutionId } = qualification;
      const content = { kind: 'qualification' as const, code, title, level: levelText(level), institutionId };
      return badgeResponse(c.get('deps'), content, 3_600);
    });
