export * from './college-victor-hugo.js';
export * from './saml-response-builder.js';
export * from './saml-idp.js';
