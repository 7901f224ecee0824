// Demo mode (`npm start -- --demo`, `npm run seed:demo`). Only the apps import this library; nothing depends on it.
export * from './demo-world.js';
export * from './demo-document.js';
export * from './demo-seeder.js';
export * from './demo-identity-providers.js';
export * from './demo-banner.js';
export * from './demo-mode.js';
