/**
 * The dashboard's files (built by Vite into dist/web/) at `/`. A path that is no file is a page of
 * the single-page app: it gets index.html, and the app routes it. Hashed assets are cached for
 * good; index.html never, so a new build shows at once.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** where `npm run build` puts the dashboard: dist/web beside dist/src */
export const WEB_ROOT = fileURLToPath(new URL("../../web/", import.meta.url));

export function staticHandler(root: string = WEB_ROOT): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "application/json" });
      return void res.end(JSON.stringify({ error: { type: "invalid_request_error", message: `${req.method} is not allowed here` } }));
    }
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(root, path));
    const inside = file === root.replace(/[\\/]$/, "") || file.startsWith(root.endsWith(sep) ? root : root + sep);
    let target = inside && existsSync(file) && statSync(file).isFile() ? file : undefined;
    // a client-side route (no extension): the app's page
    if (!target && extname(path) === "") target = existsSync(join(root, "index.html")) ? join(root, "index.html") : undefined;
    if (!target) {
      const body = existsSync(root) ? `no file ${path}` : "the dashboard is not built: run `npm run build`";
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      return void res.end(body);
    }
    const immutable = target.includes(`${sep}assets${sep}`);
    res.writeHead(200, {
      "content-type": TYPES[extname(target)] ?? "application/octet-stream",
      "content-length": statSync(target).size,
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
    });
    if (req.method === "HEAD") return void res.end();
    createReadStream(target).pipe(res);
  };
}
