/**
 * HTML for server-rendered pages. `html` is a tagged template that escapes EVERY interpolated value; markup gets in
 * only as `SafeHtml`: the result of another `html` template, or a fragment explicitly marked trusted with `raw()`.
 * Arrays are joined, and null, undefined and false render nothing, so that lists and optional parts compose.
 *
 * Values are escaped for text and for double- or single-quoted attribute values. Never interpolate into an unquoted
 * attribute, a tag or attribute name, a `<script>` or `<style>` element, or a URL attribute whose value a person
 * chose (escaping does not make `javascript:` safe): build such URLs from known parts (see `hrefWithQuery`).
 */
export class SafeHtml {
  constructor(private readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A fragment the code wrote itself and vouches for (never something a person typed or a partner sent). */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** A path with a query string, each value percent-encoded (then escaped as an attribute by `html`). */
export function hrefWithQuery(path: string, query: Readonly<Record<string, string>>): string {
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}
