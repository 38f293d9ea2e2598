import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repoRoot = new URL('../../', import.meta.url).pathname;
const apiServer = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Reference data shared with the server lives in <repo>/data.
    alias: { '@data': `${repoRoot}data` },
  },
  server: {
    fs: { allow: [repoRoot] },
    proxy: { '/api': apiServer, '/healthz': apiServer },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd alone is ~1 MB minified; it is split out and cached separately.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[\w-]+)[\\/]/ },
          ],
        },
      },
    },
  },
});
