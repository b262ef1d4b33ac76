import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { guarded } from "./error-boundary.js";

describe("the error boundary", () => {
  let server: http.Server;
  let base: string;
  const logged: string[] = [];
  before(async () => {
    server = http.createServer(
      // synchronous throws, and a promise that rejects
      guarded(
        (req, res) => {
          if (req.url === "/throw") throw new Error("secret internals at /srv/db");
          if (req.url === "/uri") decodeURIComponent("%ff");
          if (req.url === "/reject") return Promise.reject(new Error("secret internals"));
          if (req.url === "/late") {
            res.writeHead(200, { "content-type": "text/plain" });
            res.write("half");
            throw new Error("after the headers");
          }
          res.end("ok");
        },
        (line) => logged.push(line),
      ),
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it("answers a throw or a rejection with a 500 that tells nothing, and logs the error", async () => {
    for (const path of ["/throw", "/reject"]) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 500);
      assert.deepEqual(await res.json(), { error: { type: "api_error", message: "internal error" } });
    }
    assert.ok(logged.some((l) => l.includes("GET /throw failed: Error: secret internals at /srv/db")));
  });

  it("answers a URL that does not decode with a 400", async () => {
    const res = await fetch(`${base}/uri`);
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { error: { type: "invalid_request_error", message: "the request's URL is malformed" } });
  });

  it("cuts an answer already under way, and keeps serving", async () => {
    await assert.rejects(fetch(`${base}/late`).then((r) => r.text()));
    assert.equal(await (await fetch(`${base}/`)).text(), "ok");
  });
});
