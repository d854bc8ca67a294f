import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// `npm run build:web` writes the page to web/dashboard/dist; Veza serves it under /dashboard/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  build: { outDir: 'dist', emptyOutDir: true },
  // `vite` (dev server) forwards the API to a Veza on port 4000.
  server: { proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } } },
});
