/** The landing page's stylesheet, served as /landing/landing.css (kept in a module so the server bundle carries it). */
export const LANDING_CSS = `
:root { color-scheme: light dark; --accent: #1a5fb4; --muted: #5e5c64; }
@media (prefers-color-scheme: dark) { :root { --accent: #99c1f1; --muted: #c0bfbc; } }
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { margin: 0 0 0.25rem; font-size: 1.9rem; }
h1 + p { margin-top: 0; color: var(--muted); }
h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 1rem 0; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
ul { padding-left: 1.25rem; margin: 0; }
li { margin: 0.3rem 0; }
a { color: var(--accent); }
code { font-family: ui-monospace, monospace; font-size: 0.95em; }
.badge { display: inline-block; padding: 0 0.5rem; border-radius: 0.5rem; border: 1px solid currentColor; font-size: 0.9rem; }
.note { color: var(--muted); font-size: 0.95rem; }
`;

/** A small icon (a till's receipt) so browsers asking for one get ours, not a 404. */
export const LANDING_ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="6" y="3" width="20" height="26" rx="3" fill="#1a5fb4"/><path d="M10 10h12M10 15h12M10 20h7" stroke="#fff" stroke-width="2.5" stroke-linecap="round"/></svg>`;
