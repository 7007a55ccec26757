import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The renderer bundle. `base: './'` keeps every asset URL relative, so the same
 * build works over http (browser mode) and from a file/app protocol in Electron.
 */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|@emotion|dayjs)[\\/]/,
              priority: 20,
            },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: false,
    // The host only answers its own origin (DNS-rebinding and CSRF defence), so
    // the dev proxy presents itself as the host.
    proxy: {
      '/api': {
        target: 'http://127.0.0.1:4780',
        changeOrigin: true,
        headers: { origin: 'http://127.0.0.1:4780' },
      },
    },
  },
});
