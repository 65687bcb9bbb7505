import { defineConfig } from "vite";

// The ASP.NET Core server serves a copy of dist/ (src/Classroom.Server/client) and answers index.html for unknown paths.
// In development, `npm run dev` proxies the API and the hub to a server on port 5000.
const server = "http://127.0.0.1:5000";

export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
  },
  server: {
    proxy: {
      "/api": { target: server, changeOrigin: false },
      "/hubs": { target: server, changeOrigin: false, ws: true },
      "/health": { target: server },
    },
  },
});
