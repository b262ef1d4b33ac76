import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

// `npm run dev:web` proxies the API to a running `tokenomics serve` (TOKENOMICS_SERVER)
const api = process.env.TOKENOMICS_SERVER ?? "http://127.0.0.1:8787";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [preact()],
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    // hex hashes: no built file can ever be named like a test (`*-test.js`) for `node --test dist/`
    rolldownOptions: { output: { hashCharacters: "hex" } },
  },
  server: { proxy: { "/api": api } },
  preview: { proxy: { "/api": api } },
});
