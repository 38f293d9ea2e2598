import react from '@vitejs/plugin-react';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = new URL('../../', import.meta.url).pathname;
const apiServer = 'http://127.0.0.1:3000';

/**
 * Brotli and gzip copies of each script and style sheet beside it, made once at build time: the server sends the copy
 * the browser accepts (@fastify/static preCompressed) instead of compressing on every request.
 */
function precompressed(): Plugin {
  return {
    name: 'precompressed',
    apply: 'build',
    // from the files as written: other plugins still rewrite chunks in generateBundle (vite's preload markers)
    writeBundle(options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|svg|json|geojson)$/.test(name)) continue;
        const path = join(options.dir!, name);
        const bytes = readFileSync(path);
        if (bytes.length < 1024) continue;
        const quality = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
        writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params: quality }));
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), precompressed()],
  resolve: {
    // Reference data shared with the server lives in <repo>/data.
    alias: { '@data': `${repoRoot}data` },
  },
  server: {
    fs: { allow: [repoRoot] },
    proxy: { '/api': apiServer, '/healthz': apiServer },
  },
  build: {
    // docs/browsers.md: Chromium 93 (Object.hasOwn, Array.prototype.at) — the 360, QQ and other Chromium-kernel
    // browsers on government desktops in their 极速模式 — Edge 93, Firefox 92, Safari 15
    target: ['chrome93', 'edge93', 'firefox92', 'safari15'],
    outDir: 'dist',
    emptyOutDir: true,
    // the largest chunk is echarts (~600 KB minified), loaded only with the first chart or map; anything larger warns
    chunkSizeWarningLimit: 650,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ }],
        },
      },
    },
  },
});
