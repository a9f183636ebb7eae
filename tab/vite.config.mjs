import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The tab is served by the one server at /tab/ from tab/dist (src/server/app.ts). */
export default defineConfig({
  root,
  base: '/tab/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The charts chunk is lazy (プログラム only) and large by nature; the entry is measured by scripts/size.js.
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // teams-js loads only inside Teams (src/host/teams.ts); name its chunk for the size report.
      output: { manualChunks: (id) => (id.includes('/node_modules/@microsoft/teams-js/') ? 'teams-js' : undefined) },
    },
  },
  server: {
    // `npm run dev:tab`: the Vite dev server in front of a running `npm start` (PORT, 3978 by default).
    proxy: { '/api': `http://localhost:${process.env.SKILLSTEPS_PORT ?? '3978'}` },
  },
});
