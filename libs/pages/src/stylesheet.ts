import { createHash } from 'node:crypto';

/**
 * The one stylesheet of the server-rendered pages (sign-in, home, refusals), served from the hub itself so that the
 * Content-Security-Policy allows styles from 'self' only. Single column, readable on a phone, no script needed.
 *
 * Colours (contrast ratios computed with the WCAG 2.x formula; AA asks ≥ 4.5:1 for text, ≥ 3:1 for borders and
 * focus indicators):
 * - text #1b1b1b on white 17.2:1, on the page background #f4f6fa 15.9:1;
 * - secondary text #4a4a4a on white 8.9:1, #595959 on #f4f6fa 6.5:1;
 * - links and buttons #0a3d91 on white 10.1:1 (white on #0a3d91 10.1:1; hover #062a66: white on it 13.7:1);
 * - errors #b00020 on white 7.3:1, on the error background #fdecee 6.4:1;
 * - input borders #595959 on white 7.0:1;
 * - focus: a #ffdd00 ring then a #1b1b1b outline: the outline is 17.2:1 on white, the ring 7.5:1 against a blue
 *   button, so the focus shows on every background.
 * Tap targets are at least 44 × 44 px (WCAG 2.5.5, CARMO).
 */
export const STYLESHEET = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;min-height:100vh;display:flex;flex-direction:column;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.125rem;line-height:1.5;color:#1b1b1b;background:#f4f6fa}
a{color:#0a3d91;text-decoration:underline;text-underline-offset:.15em}
a:hover{text-decoration-thickness:.15em}
:focus-visible{outline:3px solid #1b1b1b;outline-offset:3px;box-shadow:0 0 0 3px #ffdd00}
.skip-link{position:absolute;left:.5rem;top:-10rem;padding:.75rem 1rem;background:#fff;color:#0a3d91;font-weight:700;z-index:10}
.skip-link:focus{top:.5rem}
.site-header,.site-footer{background:#fff;border-bottom:1px solid #d0d7e2}
.site-footer{border-top:1px solid #d0d7e2;border-bottom:0;margin-top:3rem}
.bar{max-width:48rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1rem;min-height:3.5rem}
.brand{margin:0;font-weight:700;font-size:1.25rem;color:#0a3d91}
.site-footer p{margin:0;color:#4a4a4a;font-size:1rem}
main{display:block;flex:1 0 auto;width:100%;max-width:48rem;margin:0 auto;padding:1.5rem 1rem}
main:focus{outline:none}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 1rem}
h2{font-size:1.375rem;line-height:1.3;margin:2rem 0 .75rem}
h3{font-size:1.2rem;line-height:1.3;margin:1.25rem 0 .5rem}
p{margin:0 0 1rem}
.lead{font-size:1.2rem}
.muted{color:#4a4a4a}
.card{background:#fff;border:1px solid #d0d7e2;border-radius:.5rem;padding:1rem 1.25rem;margin:0 0 1rem}
.card>:first-child{margin-top:0}
.card>:last-child{margin-bottom:0}
h4{font-size:1.05rem;margin:1rem 0 .25rem}
.choices{list-style:none;margin:0 0 1rem;padding:0;display:grid;gap:.75rem}
.button{display:inline-flex;align-items:center;justify-content:center;min-height:2.75rem;min-width:2.75rem;padding:.625rem 1.25rem;border:2px solid #0a3d91;border-radius:.375rem;background:#0a3d91;color:#fff;font:inherit;font-weight:700;text-decoration:none;cursor:pointer}
.button:hover{background:#062a66;border-color:#062a66}
.choices .button{display:flex;width:100%}
.button-secondary{background:#fff;color:#0a3d91}
.button-secondary:hover{background:#e8eef9;color:#0a3d91}
.inline-form{margin:0}
details{margin:2rem 0 0;border-top:1px solid #d0d7e2;padding-top:1rem}
summary{display:inline-flex;align-items:center;min-height:2.75rem;cursor:pointer;color:#0a3d91;text-decoration:underline}
label{display:block;font-weight:700;margin:1rem 0 .25rem}
input[type=text],input[type=password]{display:block;width:100%;max-width:24rem;min-height:2.75rem;padding:.5rem .75rem;font:inherit;color:#1b1b1b;background:#fff;border:2px solid #595959;border-radius:.25rem}
input[aria-invalid=true]{border-color:#b00020}
form .button{margin-top:1rem}
.notice{background:#e8eef9;border-left:.3rem solid #0a3d91;padding:.75rem 1rem;margin:0 0 1rem;font-weight:700}
.error{color:#b00020;background:#fdecee;border-left:.3rem solid #b00020;padding:.75rem 1rem;margin:0 0 1rem}
.identity{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
.identity dt{font-weight:700}
.identity dd{margin:0}
.badge{display:inline-block;padding:0 .5rem;border:1px solid #0a3d91;border-radius:1rem;color:#0a3d91;font-size:1rem}
.posts{list-style:none;margin:0;padding:0}
.posts li{border-top:1px solid #d0d7e2;padding:.75rem 0}
.posts .meta{margin:0 0 .25rem;color:#4a4a4a;font-size:1rem}
.posts .text{margin:0;white-space:pre-line;overflow-wrap:anywhere}
.code{font-family:ui-monospace,monospace;font-size:1rem}
@media (max-width:30rem){body{font-size:1.0625rem}h1{font-size:1.5rem}.identity{grid-template-columns:1fr}.identity dd{margin-bottom:.5rem}.card{padding:1rem}}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}
`;

/** Where the hub serves it; the version in the query string changes with its content (long cache, no stale style). */
export const STYLESHEET_PATH = '/assets/passerelle.css';
export const STYLESHEET_VERSION = createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12);
export const STYLESHEET_HREF = `${STYLESHEET_PATH}?v=${STYLESHEET_VERSION}`;
