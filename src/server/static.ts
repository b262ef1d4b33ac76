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

/**
 * Sent with every file: the built page loads only its own hashed script and stylesheet (Vite
 * inlines neither; Preact and Chart.js set styles through the CSSOM, which style-src allows),
 * talks only to this origin, and may not be framed.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

/** where `npm run build` puts the dashboard: dist/web beside dist/src */
export const WEB_ROOT = fileURLToPath(new URL("../../web/", import.meta.url));

export function staticHandler(root: string = WEB_ROOT): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...SECURITY_HEADERS, allow: "GET, HEAD", "content-type": "application/json" });
      return void res.end(JSON.stringify({ error: { type: "invalid_request_error", message: `${req.method} is not allowed here` } }));
    }
    const path = decodedPath(req.url);
    if (path === undefined || path.includes("\0")) {
      res.writeHead(400, { ...SECURITY_HEADERS, "content-type": "application/json" });
      return void res.end(JSON.stringify({ error: { type: "invalid_request_error", message: "the path is not valid percent-encoded UTF-8" } }));
    }
    const file = normalize(join(root, path));
    const inside = file === root.replace(/[\\/]$/, "") || file.startsWith(root.endsWith(sep) ? root : root + sep);
    let target = inside && existsSync(file) && statSync(file).isFile() ? file : undefined;
    // a client-side route (no extension): the app's page
    if (!target && extname(path) === "") target = existsSync(join(root, "index.html")) ? join(root, "index.html") : undefined;
    if (!target) {
      const body = existsSync(root) ? `no file ${path}` : "the dashboard is not built: run `npm run build`";
      res.writeHead(404, { ...SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8" });
      return void res.end(body);
    }
    const immutable = target.includes(`${sep}assets${sep}`);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      "content-type": TYPES[extname(target)] ?? "application/octet-stream",
      "content-length": statSync(target).size,
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
    if (req.method === "HEAD") return void res.end();
    // a file that vanished or cannot be read after the stat: drop the answer, keep the process
    createReadStream(target)
      .on("error", () => res.destroy())
      .pipe(res);
  };
}

/** the request's path, percent-decoded; undefined when it does not decode (`/%ff`, `/%`) */
function decodedPath(url: string | undefined): string | undefined {
  try {
    return decodeURIComponent(new URL(url ?? "/", "http://x").pathname);
  } catch {
    return undefined;
  }
}
