import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** `npm run client:dev` proxies the API (HTTP and the subscription socket) to a local `npm start`. */
const api = process.env.API_URL ?? "http://localhost:4000";

export default defineConfig({
  plugins: [react()],
  // The API serves GraphiQL with React 18 from the repository root; the board and Apollo must share its own React 19.
  resolve: { dedupe: ["react", "react-dom"] },
  server: { proxy: { "/api": { target: api, ws: true, changeOrigin: true } } },
  build: { outDir: "dist", emptyOutDir: true },
});
