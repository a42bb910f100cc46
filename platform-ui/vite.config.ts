/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// The platform's gateway; `npm run dev` proxies the API and health endpoints to it.
const platform = process.env.PLINTH_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // esbuild compiles TSX with React's automatic runtime: no React plugin needed.
  esbuild: { jsx: 'automatic' },
  base: '/',
  build: {
    // Maven packs target/classes into the jar, so the files sit under plinth-ui/ on the
    // class path, where the gateway's static-resources mapping looks for them.
    outDir: 'target/classes/plinth-ui',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: platform, changeOrigin: true },
      '/health': { target: platform, changeOrigin: true },
      // Deployed apps' links, so "Open the app" works from the dev server too.
      '/apps': { target: platform, changeOrigin: true },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    // One fork is plenty for a handful of component tests on a shared 2-core machine.
    pool: 'threads',
    poolOptions: { threads: { singleThread: true } },
  },
});
