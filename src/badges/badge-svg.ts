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

/** The dark disc the white text stands on (the pale ring lies outside it): its centre and radius. */
const CENTRE = 200;
const DISC_RADIUS = 176;
/** Room kept between a line of text and the ring. */
const MARGIN = 12;
const INSTITUTION_SIZE = 15;
const SMALLEST_SIZE = 10;

/**
 * How wide a line of text is at `size` px, overestimated (0.6 em a character; bold system-ui fonts
 * average less), so that a line estimated to fit the disc does.
 */
const widthOf = (text: string, size: number) => text.length * size * 0.6;

/** How wide a line with its baseline at `y` may be and stay on the disc: the chord at its lowest point. */
const roomAt = (y: number, size: number) =>
  2 * Math.sqrt(DISC_RADIUS ** 2 - (y + size * 0.25 - CENTRE) ** 2) - 2 * MARGIN;

/** `text` cut with … to what fits in `room` at `size`, or as it is when it fits. */
const cutToRoom = (text: string, size: number, room: number) => {
  const chars = Math.floor(room / (size * 0.6));
  return text.length <= chars ? text : `${text.slice(0, chars - 1).trimEnd()}…`;
};

/**
 * The instelling's name low on the disc, where the disc narrows: one line at 15 px where it fits, else
 * two, as much on the first (the wider) line as fits; when no split fits, the one whose wider line is
 * least too wide, smaller (down to 10 px) by its length, and a name too long even then cut with ….
 */
function institutionText(name: string): string {
  if (widthOf(name, INSTITUTION_SIZE) <= roomAt(334, INSTITUTION_SIZE))
    return `<text x="200" y="334" font-size="${INSTITUTION_SIZE}" font-weight="600">${escapeXml(name)}</text>`;
  const baselines = [326, 344];
  const words = name.split(/\s+/).filter(Boolean);
  const splits = words
    .slice(1)
    .map((_, i) => [words.slice(0, i + 1).join(' '), words.slice(i + 1).join(' ')]);
  /** How much too wide the wider of the lines is for its room at 15 px (at most 1 when both fit). */
  const overflow = (lines: string[]) =>
    Math.max(
      ...lines.map(
        (line, i) => widthOf(line, INSTITUTION_SIZE) / roomAt(baselines[i] ?? 0, INSTITUTION_SIZE),
      ),
    );
  const best = splits.filter((lines) => overflow(lines) <= 1).at(-1) ??
    [...splits].sort((a, b) => overflow(a) - overflow(b))[0] ?? [name];
  const size = Math.max(
    SMALLEST_SIZE,
    Math.min(INSTITUTION_SIZE, Math.floor((INSTITUTION_SIZE / overflow(best)) * 2) / 2),
  );
  const lines = best.map((line, i) => {
    const y = baselines[i] ?? 0;
    return `<tspan x="200" y="${y}">${escapeXml(cutToRoom(line, size, roomAt(y, size)))}</tspan>`;
  });
  return `<text font-size="${size}" font-weight="600">${lines.join('')}</text>`;
}

/** A hue of the colour wheel from a slug, stable across runs and deployments. */
function hueOf(slug: string): number {
  let hash = 0;
  for (const ch of slug) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % 360;
}

/**
 * The badge image of a module or qualification: a 400×400 SVG with its code, title, level and
 * instelling (each line kept on the dark disc), dark enough behind white text for WCAG AA contrast, with a `title` and `desc` for screen
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
    institutionText(badge.institution),
    '</g>',
    '</svg>',
  ].join('');
}
