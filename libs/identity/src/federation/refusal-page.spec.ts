import { escapeHtml, renderRefusalPage } from './refusal-page.js';

describe('refusal page', () => {
  const html = renderRefusalPage({
    reason: "Ton établissement n'a pas de convention avec Passerelle pour le moment.", code: 'NO_CONVENTION', audience: 'PUPIL',
    partnerName: 'ENT <Collège> "Victor Hugo"',
  });

  it('is a French page with one h1, the reason and whom a pupil should ask', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain('pas de convention avec Passerelle');
    expect(html).toContain('la direction de ton école');
    expect(html).toContain('NO_CONVENTION');
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes what it shows', () => {
    expect(html).toContain('ENT &lt;Collège&gt; &quot;Victor Hugo&quot;');
    expect(escapeHtml(`<img src=x onerror='x'>&`)).toBe('&lt;img src=x onerror=&#39;x&#39;&gt;&amp;');
  });

  it('tells adults to contact their establishment', () => {
    expect(renderRefusalPage({ reason: 'x', code: 'C', audience: 'ADULT' })).toContain('direction de votre établissement');
  });
});
