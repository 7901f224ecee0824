import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web app (ADR 0021): built into dist/web, served by the api process on the hub's own origin. Hashed files live
// under /app/assets/ (the server-rendered pages keep /assets/passerelle.css). No React plugin: Oxc compiles JSX with
// the automatic runtime; the app has no dev server of its own (the api serves the build).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'app/assets',
    target: 'es2022',
    sourcemap: false,
    // Inline nothing: the CSP allows no data: script or style; images may be data: but keep files for caching.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    // dist/web/.vite/manifest.json (never served): which chunks each screen loads, for the JavaScript budget test.
    manifest: true,
    rolldownOptions: {
      // React Router marks its modules "use client" (for React Server Components): meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
