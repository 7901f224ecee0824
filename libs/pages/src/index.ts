// Server-rendered pages (framework-free): the escaping template helper, the layout, the stylesheet and the headers.
export * from './html.js';
export * from './layout.js';
export * from './stylesheet.js';
export * from './page-headers.js';
export * from './french-format.js';
