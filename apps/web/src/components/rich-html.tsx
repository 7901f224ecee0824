/**
 * HTML sanitised by the API before it was stored (posts, comments, announcements, revisions, homework details: a strict
 * allow-list of p, br, strong, em, ul, ol, li, a, blockquote; links get rel="noopener noreferrer nofollow"; posts
 * may also show images that are documents of their space, as `<a href><img src alt></a>` with the hub's own addresses
 * only, ADR 0022; no other attribute, style, script or event handler survives). That sanitising is the ONLY reason dangerouslySetInnerHTML is
 * acceptable here: never pass this component HTML that did not come from the API's bodyHtml fields.
 */
export function RichHtml({ html, className }: { html: string; className?: string }) {
  return <div className={className ? `rich-text ${className}` : 'rich-text'} dangerouslySetInnerHTML={{ __html: html }} />;
}
