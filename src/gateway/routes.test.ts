import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { passthroughRoutes, routeOf } from "./routes.js";

const seg = (path: string): string[] => path.split("/").filter(Boolean);

describe("the gateway's route table", () => {
  it("routes each API by path, never by a header", () => {
    assert.deepEqual(routeOf("POST", seg("/v1/chat/completions")), { api: "openai", endpoint: "chat", name: "POST /v1/chat/completions" });
    assert.equal(routeOf("POST", seg("/v1/messages"))?.api, "anthropic");
    assert.equal(routeOf("POST", seg("/v1/messages/batches"))?.api, "anthropic");
    assert.equal(routeOf("GET", seg("/v1/messages/batches/msgbatch_1/results"))?.endpoint, "request");
  });

  it("meters images, audio and batches with their own meters", () => {
    assert.equal(routeOf("POST", seg("/v1/images/generations"))?.endpoint, "images");
    assert.equal(routeOf("POST", seg("/v1/audio/transcriptions"))?.endpoint, "transcription");
    assert.equal(routeOf("POST", seg("/v1/audio/speech"))?.endpoint, "request");
    assert.equal(routeOf("POST", seg("/v1/batches"))?.endpoint, "request");
    assert.equal(routeOf("POST", seg("/v1/fine_tuning/jobs"))?.endpoint, "request");
  });

  it("has no entry for anything else: not forwarded", () => {
    for (const [m, p] of [
      ["POST", "/v1/assistants"],
      ["GET", "/v1/chat/completions"],
      ["HEAD", "/v1/models"],
      ["POST", "/stats"],
      ["POST", "/v1/chat/completions/extra"],
    ] as const)
      assert.equal(routeOf(m, seg(p)), undefined, `${m} ${p}`);
  });

  it("forwards an operator's passthrough routes, one segment per * and the rest for a last **", () => {
    const extra = passthroughRoutes([
      { api: "openai", path: "/v1/vector_stores/**", methods: ["GET"] },
      { api: "anthropic", path: "/v1/skills/*" },
    ]);
    assert.equal(routeOf("GET", seg("/v1/vector_stores/vs_1/files"), extra)?.endpoint, "request");
    assert.equal(routeOf("POST", seg("/v1/vector_stores/vs_1"), extra), undefined, "only the listed methods");
    assert.equal(routeOf("POST", seg("/v1/skills/s1"), extra)?.api, "anthropic");
    assert.equal(routeOf("POST", seg("/v1/skills/s1/x"), extra), undefined);
  });
});
