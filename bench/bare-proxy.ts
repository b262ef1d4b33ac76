/**
 * The floor for the gateway benchmark: the least a Node HTTP proxy does — one event loop, a
 * `node:http` server, a keep-alive `node:http` client to the upstream, bytes piped both ways,
 * nothing read, checked or metered. What it adds is what any Node proxy on this machine pays.
 *
 * `node bare-proxy.js <upstream base URL>`: prints its URL, runs until killed.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

const upstream = new URL(process.argv[2] ?? "");
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const HOP = new Set(["host", "connection", "keep-alive", "transfer-encoding"]);

const server = http.createServer((req, res) => {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP.has(name)) headers[name] = value;
  const up = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent }, (upRes) => {
    const out: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(upRes.headers)) if (value !== undefined && !HOP.has(name)) out[name] = value;
    res.writeHead(upRes.statusCode ?? 502, out);
    upRes.pipe(res);
  });
  up.on("error", () => {
    if (res.headersSent) res.destroy();
    else res.writeHead(502).end();
  });
  req.pipe(up);
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`bare proxy listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => process.exit(0));
