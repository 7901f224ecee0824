import { escapeHtml, hrefWithQuery, html, raw, SafeHtml } from './html.js';
import { renderPage } from './layout.js';
import { PAGE_CONTENT_SECURITY_POLICY } from './page-headers.js';
import { shorten } from './french-format.js';
import { STYLESHEET, STYLESHEET_HREF } from './stylesheet.js';

describe('the html template helper', () => {
  it('escapes every interpolated value, in text and in quoted attributes', () => {
    const text = `<script>alert("x")</script> & 'co'`;
    const out = html`<p title="${text}">${text}</p>`.toString();
    expect(out).toBe('<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">'
      + '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>');
    expect(out).not.toContain('<script');
  });

  it('keeps markup only from nested templates and raw(), and escapes values inside nested templates too', () => {
    const item = (name: string) => html`<li>${name}</li>`;
    const out = html`<ul>${['<b>a</b>', 'b'].map(item)}</ul>${raw('<hr>')}`.toString();
    expect(out).toBe('<ul><li>&lt;b&gt;a&lt;/b&gt;</li><li>b</li></ul><hr>');
  });

  it('renders nothing for null, undefined and false, and numbers as text', () => {
    expect(html`[${null}${undefined}${false}${0}${42}]`.toString()).toBe('[042]');
  });

  it('does not let a string pretend to be SafeHtml', () => {
    const forged = { toString: () => '<script>' } as unknown as string;
    expect(html`${forged}`.toString()).toBe('&lt;script&gt;');
    expect(html`${new SafeHtml('<i>')}`.toString()).toBe('<i>');
  });

  it('escapes the five characters that matter', () => {
    expect(escapeHtml(`<img src=x onerror='x'>&"`)).toBe('&lt;img src=x onerror=&#39;x&#39;&gt;&amp;&quot;');
  });

  it('percent-encodes query values of links', () => {
    expect(hrefWithQuery('/auth/ent/login', { returnTo: '/a b&c' })).toBe('/auth/ent/login?returnTo=%2Fa+b%26c');
    expect(html`<a href="${hrefWithQuery('/x', { a: '"><script>' })}">`.toString()).toBe('<a href="/x?a=%22%3E%3Cscript%3E">');
  });
});

describe('the page layout', () => {
  const page = renderPage({ title: 'Essai <1>', main: html`<h1>Titre</h1>` });

  it('is a French page with a viewport, a title, the stylesheet, landmarks, a skip link and no script', () => {
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('<title>Essai &lt;1&gt; – Passerelle</title>');
    expect(page).toContain(`<link rel="stylesheet" href="${STYLESHEET_HREF}">`);
    expect(page).toContain('<a class="skip-link" href="#contenu">Aller au contenu</a>');
    expect(page).toContain('<main id="contenu"');
    for (const landmark of ['<header', '<main', '<footer']) expect(page).toContain(landmark);
    expect(page).not.toMatch(/<script|<style|style=/i);
    expect(page.match(/<h1>/g)).toHaveLength(1);
  });

  it('has a visible focus style and 44 px tap targets in its stylesheet', () => {
    expect(STYLESHEET).toContain(':focus-visible{outline:3px solid #1b1b1b');
    expect(STYLESHEET).toContain('min-height:2.75rem');
  });

  it('allows no script, no inline style, no framing', () => {
    expect(PAGE_CONTENT_SECURITY_POLICY).toContain("script-src 'none'");
    expect(PAGE_CONTENT_SECURITY_POLICY).toContain("style-src 'self'");
    expect(PAGE_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(PAGE_CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });
});

describe('shorten', () => {
  it('cuts on code points and marks the cut', () => {
    expect(shorten('abc', 3)).toBe('abc');
    expect(shorten('ab😀cd', 3)).toBe('ab😀…');
  });
});
