export * from './app-paths.js';
export * from './web-app-files.js';
export * from './web-app-page.js';
export * from './web-app-pages.js';
export * from './web-app.module.js';
