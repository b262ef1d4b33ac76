import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalizeUsageDetailed } from "../../usage/normalize/index.js";
import { usage } from "../../usage/usage.js";
import { readAlongside, readTags, recordFromBody, unwrapBody, type BodyFacts } from "./envelope.js";

const isChat = (o: Record<string, unknown>): boolean => o["object"] === "chat.completion";
const origin = { kind: "openai", file: "calls.jsonl", line: 3, fileTime: () => "2025-01-01T00:00:00.000Z" };

function facts(overrides: Partial<BodyFacts> = {}): BodyFacts {
  const raw = { prompt_tokens: 10, completion_tokens: 2 };
  return {
    id: "openai:chatcmpl-1",
    provider: "openai",
    model: "gpt-4o-2024-08-06",
    ts: "2025-03-10T01:31:23.000Z",
    normalized: normalizeUsageDetailed("openai", raw),
    rawUsage: raw,
    request: { status: "ok" },
    ...overrides,
  };
}

describe("unwrapBody", () => {
  it("takes a bare body, or one under response or body with the rest alongside", () => {
    const body = { object: "chat.completion" };
    assert.deepEqual(unwrapBody(body, isChat), { body, alongside: {} });
    assert.deepEqual(unwrapBody({ response: body, team: "t" }, isChat), { body, alongside: { team: "t" } });
    assert.deepEqual(unwrapBody({ body, team: "t" }, isChat), { body, alongside: { team: "t" } });
    assert.equal(unwrapBody({ response: { object: "other" } }, isChat), undefined);
  });
});

describe("readAlongside", () => {
  it("sorts known fields into attribution, interaction and request; ignores unknown ones", () => {
    assert.deepEqual(
      readAlongside({ team: "search", trace_id: "abc", attempt: 2, is_retry: true, latency_ms: 12.5, status: "error", tags: { a: 1 }, ts: 0, whatever: [] }),
      {
        ts: "1970-01-01T00:00:00.000Z",
        attribution: { team: "search", tags: { a: "1" } },
        interaction: { trace_id: "abc", attempt: 2, is_retry: true },
        request: { latency_ms: 12.5, status: "error" },
      },
    );
  });

  it("refuses a known field of the wrong type, naming it", () => {
    assert.throws(() => readAlongside({ feature: ["a"] }), /^Error: feature: expected a string, got \["a"\]$/);
    assert.throws(() => readAlongside({ attempt: 0 }), /attempt: expected a positive integer/);
    assert.throws(() => readAlongside({ status: "done" }), /status: expected "ok", "error" or "cancelled"/);
    assert.throws(() => readAlongside({ model: 4 }), /model: expected a string/);
    assert.throws(() => readTags({ a: { b: 1 } }, "tags"), /tags\.a: expected a string, number or boolean/);
  });
});

describe("recordFromBody", () => {
  it("lets alongside win for time and request facts, and merges tags", () => {
    const record = recordFromBody(
      facts({ tags: { from: "body", both: "body" } }),
      readAlongside({ ts: "2025-03-11T00:00:00Z", status: "error", tags: { both: "alongside" }, model: "gpt-4o" }),
      origin,
    );
    assert.equal(record.ts, "2025-03-11T00:00:00.000Z");
    assert.deepEqual(record.request, { status: "error" });
    assert.deepEqual(record.attribution, { tags: { from: "body", both: "alongside" } });
    assert.equal(record.model, "gpt-4o");
    assert.equal(record.response_model, "gpt-4o-2024-08-06");
    assert.deepEqual(record.usage, usage({ input: 10, output: 2, requests: 1 }));
    assert.deepEqual(record.source, {
      kind: "openai",
      convention: "openai-chat",
      raw_usage: { prompt_tokens: 10, completion_tokens: 2 },
      file: "calls.jsonl",
      line: 3,
    });
  });

  it("dates an undated call by the file and says so", () => {
    const record = recordFromBody(facts({ ts: undefined }), readAlongside({}), origin);
    assert.equal(record.ts, "2025-01-01T00:00:00.000Z");
    assert.deepEqual(record.attribution, { tags: { ts_source: "file-mtime" } });
    assert.equal(record.response_model, undefined);
  });
});
