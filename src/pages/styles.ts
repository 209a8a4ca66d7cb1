/**
 * The style sheet of every page, served at /assets/pages.css (the pages' CSP allows styles from
 * ourselves only). Phone first: one column from 360 px, wider only where there is room. Colours meet
 * WCAG 2.2 AA contrast (text ≥ 4.5:1 on its background, focus rings and borders ≥ 3:1).
 */
export const PAGES_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Open Sans", sans-serif; font-size: 100%; line-height: 1.5; color: #1b2530; background: #f5f7f8; -webkit-text-size-adjust: 100%; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: #0a5a8a; text-underline-offset: 0.15em; }
a:hover { color: #063d5e; }
:focus-visible { outline: 3px solid #b34700; outline-offset: 2px; }
.skip-link { position: absolute; left: 0.5rem; top: -4rem; background: #ffffff; color: #0a5a8a; padding: 0.5rem 1rem; border: 2px solid #0a5a8a; z-index: 10; }
.skip-link:focus { top: 0.5rem; }
.site-header { background: #0b4f4d; color: #ffffff; padding: 0.75rem 1rem; }
.site-header a { color: #ffffff; }
.site-header .bar { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; max-width: 64rem; margin: 0 auto; }
.brand { font-weight: 700; font-size: 1.25rem; text-decoration: none; }
.site-nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.site-nav a { display: inline-block; padding: 0.5rem 0; min-height: 44px; }
.site-nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.account { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; font-size: 0.95rem; }
.account form { margin: 0; }
.site-header :focus-visible { outline-color: #ffd27a; }
main { flex: 1; width: 100%; max-width: 64rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.35rem; margin: 1.75rem 0 0.75rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 0.5rem; }
p, li { max-width: 42rem; }
.lead { font-size: 1.1rem; }
.cards { list-style: none; padding: 0; display: grid; gap: 1rem; grid-template-columns: 1fr; }
.card { background: #ffffff; border: 1px solid #7d8b96; border-radius: 8px; padding: 1rem; }
.card h2, .card h3 { margin-top: 0; }
.button, button { display: inline-block; font: inherit; font-weight: 600; background: #0a5a8a; color: #ffffff; border: 2px solid #0a5a8a; border-radius: 6px; padding: 0.6rem 1.1rem; min-height: 44px; cursor: pointer; text-decoration: none; }
.button:hover, button:hover { background: #063d5e; border-color: #063d5e; color: #ffffff; }
.button.secondary, button.secondary { background: #ffffff; color: #0a5a8a; }
.site-header button { background: transparent; border-color: #ffffff; color: #ffffff; padding: 0.35rem 0.8rem; }
label { display: block; font-weight: 600; margin-top: 1rem; }
.hint { display: block; color: #4a5761; font-size: 0.95rem; font-weight: 400; margin: 0.15rem 0 0.35rem; overflow-wrap: anywhere; }
textarea, input[type="file"], input[type="text"], input[type="search"], select { width: 100%; font: inherit; padding: 0.5rem; border: 2px solid #5b6770; border-radius: 6px; background: #ffffff; color: #1b2530; }
textarea { min-height: 10rem; font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 0.9rem; }
.actions { margin-top: 1rem; display: flex; flex-wrap: wrap; gap: 0.75rem; }
.notice { border-left: 6px solid #0a5a8a; background: #ffffff; padding: 0.75rem 1rem; margin: 1rem 0; }
.notice.ok { border-color: #1e7a3c; }
.notice.bad { border-color: #b3261e; }
.error-summary { border: 4px solid #b3261e; background: #ffffff; padding: 0.75rem 1rem; margin: 1rem 0; }
.error-summary h2 { margin-top: 0; font-size: 1.2rem; }
.error-summary a { color: #a1251b; font-weight: 600; }
.field-error { display: block; color: #a1251b; font-weight: 600; margin: 0.15rem 0 0.35rem; overflow-wrap: anywhere; }
input[aria-invalid="true"], select[aria-invalid="true"] { border-color: #b3261e; }
.checks { list-style: none; padding: 0; }
.checks li { background: #ffffff; border: 1px solid #7d8b96; border-radius: 6px; padding: 0.75rem 1rem; margin: 0.5rem 0; }
.verdict { font-weight: 700; }
.verdict.ok { color: #1e6b36; }
.verdict.bad { color: #a1251b; }
.table-wrap { overflow-x: auto; position: relative; }
table { border-collapse: collapse; width: 100%; background: #ffffff; }
caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
th, td { text-align: left; padding: 0.5rem; border-bottom: 1px solid #c3ccd2; vertical-align: top; }
dl { display: grid; grid-template-columns: 1fr; gap: 0.25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0 0 0.5rem; overflow-wrap: anywhere; }
details summary { cursor: pointer; min-height: 44px; padding: 0.5rem 0; }
pre { background: #ffffff; border: 1px solid #c3ccd2; padding: 0.75rem; overflow-x: auto; font-size: 0.85rem; }
.badge-image { width: 8rem; height: auto; }
.site-footer { background: #e3e8eb; color: #36434d; padding: 1rem; font-size: 0.9rem; }
.site-footer p { max-width: 64rem; margin: 0 auto; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.cards.single { grid-template-columns: 1fr; }
fieldset { border: 1px solid #7d8b96; border-radius: 6px; margin: 1rem 0 0; padding: 0.5rem 1rem 1rem; }
legend { font-weight: 600; padding: 0 0.25rem; }
label.choice { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; margin-top: 0.5rem; min-height: 44px; }
label.choice input { width: 1.25rem; height: 1.25rem; }
input[type="date"], input[type="url"], input[type="email"], input[type="number"] { width: 100%; font: inherit; padding: 0.5rem; border: 2px solid #5b6770; border-radius: 6px; background: #ffffff; color: #1b2530; }
textarea.short { min-height: 5rem; font-family: inherit; font-size: 1rem; }
.outcomes { list-style: none; padding: 0; }
.outcomes li { border-top: 1px solid #c3ccd2; padding: 0.75rem 0; }
.outcomes .button { margin-top: 0.5rem; }
button.danger, .button.danger { background: #a1251b; border-color: #a1251b; color: #ffffff; }
button.danger:hover, .button.danger:hover { background: #7a1c14; border-color: #7a1c14; }
.timeline { list-style: none; padding: 0; border-left: 4px solid #7d8b96; margin-left: 0.5rem; }
.timeline-item { background: #ffffff; border: 1px solid #7d8b96; border-radius: 6px; padding: 0.75rem 1rem; margin: 0 0 1rem 1rem; }
.timeline-item h3 { margin-top: 0; }
.tag { display: inline-block; padding: 0 0.5rem; border-radius: 4px; border: 1px solid currentColor; }
.tag.completed { color: #1e6b36; }
.tag.exempt { color: #0a5a8a; }
.tag.planned { color: #36434d; }
.credential-card { display: flex; flex-direction: column; gap: 0.5rem; }
.credential-card h2 { font-size: 1.1rem; }
.credential-head { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.qr-code { width: 100%; max-width: 18rem; height: auto; image-rendering: pixelated; background: #ffffff; border: 1px solid #7d8b96; }
.tx-code { background: #ffffff; border: 2px solid #0b4f4d; border-radius: 8px; padding: 0.75rem 1rem; max-width: 18rem; }
.tx-code h3 { margin: 0; }
.tx-code .code { font-size: 2rem; font-weight: 700; letter-spacing: 0.3em; margin: 0.25rem 0; font-variant-numeric: tabular-nums; }
.shares { list-style: none; padding: 0; }
.shares li { background: #ffffff; border: 1px solid #7d8b96; border-radius: 6px; padding: 0.75rem 1rem; margin: 0.5rem 0; overflow-wrap: anywhere; }
.shares form { margin-top: 0.5rem; }
dl.facts { margin: 0; gap: 0 0.75rem; }
dl.facts dd { margin: 0 0 0.25rem; }
.badge-image.large { width: 12rem; }
@media (max-width: 47.99rem) {
  .stacked thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .stacked table, .stacked tbody, .stacked tr, .stacked th, .stacked td { display: block; }
  .stacked table { background: transparent; }
  .stacked tr { background: #ffffff; border: 1px solid #7d8b96; border-radius: 6px; margin: 0 0 0.75rem; padding: 0.25rem 0; }
  .stacked th, .stacked td { border-bottom: 0; padding: 0.25rem 0.75rem; }
  .stacked td:empty { display: none; }
  .stacked td[data-label]::before, .stacked th[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
}
@media print {
  .site-header, .site-footer, .skip-link, .no-print { display: none; }
  body { background: #ffffff; }
  main { max-width: none; padding: 0; }
}
@media (min-width: 48rem) {
  main { padding: 1.5rem 2rem; }
  .cards { grid-template-columns: repeat(3, 1fr); }
  dl { grid-template-columns: max-content 1fr; }
  dd { margin: 0; }
}
`;
