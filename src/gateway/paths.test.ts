import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalizePath } from "./paths.js";

describe("normalizePath", () => {
  it("resolves dot segments and repeated slashes before anything reads the path", () => {
    const n = normalizePath("/v1/x/../chat/completions?a=1");
    assert.ok(n.ok);
    assert.equal(n.path, "/v1/chat/completions");
    assert.equal(n.query, "?a=1");
    assert.equal((normalizePath("//v1///./messages") as { path: string }).path, "/v1/messages");
    // %2e%2e is .. once decoded: it climbs too
    assert.equal((normalizePath("/v1/x/%2e%2e/embeddings") as { path: string }).path, "/v1/embeddings");
  });

  it("refuses a path that climbs above the root (the upstream's base)", () => {
    assert.deepEqual(normalizePath("/v1/../../stats"), { ok: false, reason: "the path climbs above the root" });
    assert.equal(normalizePath("/..").ok, false);
  });

  it("refuses invalid percent-escapes instead of throwing", () => {
    for (const raw of ["/%ff", "/%", "/x%zz", "/v1/%e0%a4%a"])
      assert.deepEqual(normalizePath(raw), { ok: false, reason: "the path has an invalid percent-escape" }, raw);
  });

  it("refuses encoded separators and control characters, which would mean another path upstream", () => {
    for (const raw of ["/v1/chat%2fcompletions", "/v1/a%5cb", "/v1/a%00b", "/v1/a%0d%0aHost:x"]) assert.equal(normalizePath(raw).ok, false, raw);
  });

  it("keeps ids readable and re-encodes what needs it", () => {
    const n = normalizePath("/v1/files/file-abc%20def/content");
    assert.ok(n.ok);
    assert.deepEqual(n.segments, ["v1", "files", "file-abc def", "content"]);
    assert.equal(n.path, "/v1/files/file-abc%20def/content");
  });

  it("refuses a path that is not absolute or is absurdly long", () => {
    assert.equal(normalizePath("v1/chat").ok, false);
    assert.equal(normalizePath(`/${"a".repeat(5000)}`).ok, false);
  });
});
