export * from './college-jean-moulin.js';
export * from './id-token-forgery.js';
export * from './oidc-idp.js';
export * from './test-browser.js';
