/** What a badge shows: a short code, the title, the level and who awards it. */
export interface BadgeContent {
  kind: 'module' | 'qualification';
  code: string;
  title: string;
  /** e.g. `mbo-3 · NLQF 3`; absent for modules without a formal level. */
  level?: string | undefined;
  institution: string;
  /** Colours the badge: the same instelling always gets the same colour. */
  institutionId: string;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Splits text into at most `lines` lines of about `width` characters, ending in … when it is cut. */
function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width || line === '') line = next;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line) out.push(line);
  if (out.length <= lines) return out.map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  const kept = out.slice(0, lines);
  const last = kept[lines - 1] ?? '';
  kept[lines - 1] = `${last.slice(0, width - 1)}…`;
  return kept;
}

/** A hue of the colour wheel from a slug, stable across runs and deployments. */
function hueOf(slug: string): number {
  let hash = 0;
  for (const ch of slug) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % 360;
}

/**
 * The badge image of a module or qualification: a 400×400 SVG with its code, title, level and
 * instelling, dark enough behind white text for WCAG AA contrast, with a `title` and `desc` for screen
 * readers. Text is escaped; the image holds no script and loads nothing.
 * @example badgeSvg({ kind: 'module', code: 'ALO-KM', title: 'Klassenmanagement', level: 'hbo-bachelor · NLQF 6', institution: 'HAN', institutionId: 'han' })
 */
export function badgeSvg(badge: BadgeContent): string {
  const hue = hueOf(badge.institutionId);
  const dark = `hsl(${hue} 55% 24%)`;
  const light = `hsl(${hue} 45% 92%)`;
  const title = wrap(badge.title, 22, 3);
  const kindLabel = badge.kind === 'module' ? 'MODULE' : 'KWALIFICATIE';
  const description = [kindLabel.toLowerCase(), badge.code, badge.title, badge.level, badge.institution]
    .filter(Boolean)
    .join(' · ');
  const titleLines = title
    .map((line, i) => `<tspan x="200" dy="${i === 0 ? 0 : 30}">${escapeXml(line)}</tspan>`)
    .join('');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img" aria-labelledby="badge-title badge-desc">',
    `<title id="badge-title">${escapeXml(`${badge.code} ${badge.title}`)}</title>`,
    `<desc id="badge-desc">${escapeXml(description)}</desc>`,
    `<circle cx="200" cy="200" r="196" fill="${light}"/>`,
    `<circle cx="200" cy="200" r="176" fill="${dark}"/>`,
    '<g font-family="system-ui, -apple-system, Segoe UI, Roboto, Open Sans, sans-serif" fill="#ffffff" text-anchor="middle">',
    `<text x="200" y="92" font-size="16" letter-spacing="3">${kindLabel}</text>`,
    `<text x="200" y="148" font-size="40" font-weight="700">${escapeXml(wrap(badge.code, 14, 1)[0] ?? '')}</text>`,
    `<text x="200" y="${title.length > 2 ? 196 : 210}" font-size="24">${titleLines}</text>`,
    badge.level ? `<text x="200" y="300" font-size="18">${escapeXml(badge.level)}</text>` : '',
    `<text x="200" y="334" font-size="15" font-weight="600">${escapeXml(wrap(badge.institution, 34, 1)[0] ?? '')}</text>`,
    '</g>',
    '</svg>',
  ].join('');
}
