import assert from "node:assert/strict";
import http from "node:http";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { staticHandler } from "./static.js";

describe("the dashboard's files", () => {
  let dir: string;
  let server: http.Server;
  let base: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "tokenomics-web-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>Tokenomics</title>");
    writeFileSync(join(dir, "assets", "app-1a2b.js"), "console.log(1)");
    writeFileSync(join(tmpdir(), "secret.txt"), "not for you");
    server = http.createServer(staticHandler(dir));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves files with their type, hashed assets cached for good and the page never", async () => {
    const asset = await fetch(`${base}/assets/app-1a2b.js`);
    assert.equal(asset.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.match(asset.headers.get("cache-control") ?? "", /immutable/);
    const page = await fetch(`${base}/`);
    assert.equal(page.headers.get("cache-control"), "no-cache");
    assert.match(await page.text(), /<title>Tokenomics/);
  });

  it("answers a client-side route with the app's page, a missing file with 404", async () => {
    assert.match(await (await fetch(`${base}/explore?by=team`)).text(), /<title>Tokenomics/);
    assert.equal((await fetch(`${base}/assets/nope.js`)).status, 404);
  });

  it("answers a path that is not valid percent-encoding with a 400, and keeps serving", async () => {
    for (const path of ["/%ff", "/%", "/x%zz", "/assets/%c3%28.js", "/%00"]) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 400, path);
      assert.deepEqual(await res.json(), { error: { type: "invalid_request_error", message: "the path is not valid percent-encoded UTF-8" } });
    }
    assert.equal((await fetch(`${base}/`)).status, 200);
  });

  it("sends a strict content security policy and forbids framing", async () => {
    for (const path of ["/", "/assets/app-1a2b.js", "/assets/nope.js"]) {
      const res = await fetch(`${base}${path}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      assert.match(csp, /default-src 'none'/, path);
      assert.match(csp, /script-src 'self';/);
      assert.match(csp, /style-src 'self';/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe/);
      assert.equal(res.headers.get("x-frame-options"), "DENY");
      assert.equal(res.headers.get("referrer-policy"), "no-referrer");
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    }
  });

  it("never serves a file outside its folder", async () => {
    const res = await fetch(`${base}/..%2Fsecret.txt`);
    assert.notEqual(await res.text(), "not for you");
  });
});
