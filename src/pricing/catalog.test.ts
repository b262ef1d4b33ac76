import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Catalog } from "./catalog.js";
import { nameCandidates } from "./names.js";
import { fixtureCatalog } from "./testing/fixture-catalog.js";

const catalog = Catalog.from(fixtureCatalog);

function resolvedId(name: string, at = "2025-10-01"): string {
  const r = catalog.resolve(name, at);
  if (!r.ok) assert.fail(`${name}: ${r.reason}`);
  return `${r.model.id} via ${r.via}`;
}

describe("Catalog.resolve", () => {
  it("finds ids, snapshots and platform ids, in any case", () => {
    assert.equal(resolvedId("o3"), "o3 via id");
    assert.equal(resolvedId("O3-2025-04-16"), "o3 via snapshot");
    assert.equal(resolvedId("anthropic.claude-sonnet-4-5-20250929-v1:0"), "claude-sonnet-4-5 via platform");
    assert.equal(resolvedId("claude-sonnet-4-5@20250929"), "claude-sonnet-4-5 via platform");
  });

  it("strips provider prefixes and platform naming", () => {
    assert.equal(resolvedId("openai/o3"), "o3 via prefix");
    assert.equal(resolvedId("openrouter/anthropic/claude-sonnet-4-5"), "claude-sonnet-4-5 via prefix");
    // bedrock cross-region inference profile of a snapshot we list
    assert.equal(resolvedId("bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0"), "claude-sonnet-4-5 via platform-naming");
    assert.equal(resolvedId("claude-sonnet-4.5"), "claude-sonnet-4-5 via id");
  });

  it("prices an unlisted dated snapshot as its family at that date", () => {
    assert.equal(resolvedId("claude-sonnet-4-5-20260101"), "claude-sonnet-4-5 via dated-family");
    assert.equal(resolvedId("o3-2025-12-01"), "o3 via dated-family");
    assert.equal(resolvedId("gemini-2.5-pro-latest"), "gemini-2.5-pro via dated-family");
  });

  it("resolves the bare gpt-4o alias by date", () => {
    assert.equal(resolvedId("gpt-4o", "2024-06-01"), "gpt-4o-2024-05-13 via moving-alias");
    assert.equal(resolvedId("azure/gpt-4o", "2025-01-01"), "gpt-4o-2024-08-06 via moving-alias");
    const early = catalog.resolve("gpt-4o", "2024-01-01");
    assert.equal(early.ok, false);
  });

  it("gives the nearest candidates for an unknown name", () => {
    const r = catalog.resolve("claude-sonet-4-5", "2025-10-01");
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.candidates[0], "claude-sonnet-4-5");
  });

  it("lets a later layer replace a model and keeps the rest", () => {
    const layered = Catalog.from(fixtureCatalog, {
      models: [
        {
          id: "o3",
          provider: "openai",
          mode: "chat",
          prices: [{ from: "2025-01-01", rates: { input: "1", output: "4" }, source: "contract", retrieved: "2026-01-01" }],
        },
      ],
    });
    const r = layered.resolve("o3", "2025-10-01");
    assert.ok(r.ok && r.version.rates.input === "1");
    assert.ok(layered.resolve("claude-sonnet-4-5").ok);
  });

  it("searches by words", () => {
    assert.deepEqual(
      catalog.search("anthropic").map((m) => m.id),
      ["claude-sonnet-4-5"],
    );
    assert.equal(catalog.search("").length, fixtureCatalog.models!.length);
  });
});

describe("nameCandidates", () => {
  it("rewrites most specific first", () => {
    assert.deepEqual(
      nameCandidates("bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0").map((c) => c.key),
      [
        "bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0",
        "us.anthropic.claude-3-5-haiku-20241022-v1:0",
        "anthropic.claude-3-5-haiku-20241022-v1:0",
        "claude-3-5-haiku-20241022-v1:0",
        "claude-3-5-haiku-20241022",
        "claude-3-5-haiku",
      ],
    );
    assert.deepEqual(
      nameCandidates("azure/gpt-35-turbo-0613").map((c) => c.key),
      ["azure/gpt-35-turbo-0613", "gpt-35-turbo-0613", "gpt-3.5-turbo-0613", "gpt-3.5-turbo"],
    );
  });
});
