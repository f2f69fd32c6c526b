/// <reference types="vitest/config" />
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { lingui } from "@lingui/vite-plugin";
import { defineConfig, transformWithEsbuild, type Plugin } from "vite";

const workerSource = fileURLToPath(
  new URL("./src/sw/worker.ts", import.meta.url),
);

// Files copied from public/ that the app shell needs offline.
const publicShellFiles = ["/favicon.svg"];

/**
 * Emits dist/sw.js: src/sw/worker.ts compiled to plain JS, with the list of
 * built files to precache and a cache version derived from that list.
 */
function serviceWorker(): Plugin {
  return {
    name: "chorus-service-worker",
    apply: "build",
    // After Vite has added index.html to the bundle.
    enforce: "post",
    async generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => !name.endsWith(".map") && name !== "sw.js")
        .map((name) => "/" + name)
        .concat(publicShellFiles)
        .sort();
      const version = createHash("sha256")
        .update(files.join("\n"))
        .digest("hex")
        .slice(0, 12);
      const source = await readFile(workerSource, "utf8");
      const compiled = await transformWithEsbuild(source, workerSource, {
        loader: "ts",
        format: "iife",
        target: "es2020",
        minify: false,
      });
      if (
        !compiled.code.includes('"__PRECACHE_MANIFEST__"') ||
        !compiled.code.includes('"__CACHE_VERSION__"')
      ) {
        this.error("src/sw/worker.ts lost its build placeholders");
      }
      const code = compiled.code
        .replace('"__PRECACHE_MANIFEST__"', JSON.stringify(files))
        .replace('"__CACHE_VERSION__"', JSON.stringify(version));
      this.emitFile({ type: "asset", fileName: "sw.js", source: code });
    },
  };
}

// The server (Starlette) serves the built files; there is no second server in production.
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  // lingui(): a page imports a language's .po catalogue and gets it compiled (lingui.config.ts).
  plugins: [lingui(), serviceWorker()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    // The statement page's chunk (CodeMirror, Yjs, markdown-it) is ~550 kB, loaded once
    // and then served from the service worker's cache.
    chunkSizeWarningLimit: 700,
  },
  test: { include: ["src/**/*.test.ts"] },
});
