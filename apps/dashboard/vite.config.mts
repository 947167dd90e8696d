import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built by `npm run build` into dist/apps/dashboard, which the api serves at `/`. During
// `vite dev` (port 5173), api calls go to the api that `npm start` runs.
export default defineConfig({
  plugins: [react()],
  build: { outDir: '../../dist/apps/dashboard', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: Object.fromEntries(['/v1', '/openapi.json', '/docs'].map((path) => [path, 'http://127.0.0.1:3001'])),
  },
});
