import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newKey } from "../gateway/keys.js";
import type { UsageRecord } from "../usage/event.js";
import { usage } from "../usage/usage.js";
import { boundRecord } from "./key-scope.js";

const span: UsageRecord = {
  id: "otel:4bf92f3577b34da6a3ce929d0e0e4736:b7ad6b7169203331",
  ts: "2026-10-01T00:00:00.000Z",
  provider: "openai",
  model: "gpt-4o",
  usage: usage({ input: 100_000_000, requests: 1 }),
  attribution: { team: "B", project: "theirs", feature: "chat", api_key_id: "someone-else", tags: { plan: "pro", team: "B", API_KEY_ID: "x" } },
  interaction: { trace_id: "4bf92f3577b34da6a3ce929d0e0e4736" },
  request: { status: "ok" },
  source: { kind: "otel", convention: "otel-genai", raw_usage: {} },
};

describe("boundRecord", () => {
  it("forces a key's scope and id over the span's attribution, which fills only what the scope leaves open", () => {
    const { key } = newKey({ team: "A", project: "ours" });
    assert.deepEqual(boundRecord(span, key).attribution, { team: "A", project: "ours", feature: "chat", api_key_id: key.id, tags: { plan: "pro" } });
  });

  it("leaves the admin token's attribution as posted, but never a tag named like a field", () => {
    assert.deepEqual(boundRecord(span, undefined).attribution, {
      team: "B",
      project: "theirs",
      feature: "chat",
      api_key_id: "someone-else",
      tags: { plan: "pro" },
    });
    const { tags: _tags, ...untagged } = span.attribution;
    assert.deepEqual(boundRecord({ ...span, attribution: { ...untagged, tags: { team: "B" } } }, undefined).attribution.tags, undefined);
  });

  it("changes nothing else of the record", () => {
    const { key } = newKey({ team: "A" });
    const { attribution: _a, ...rest } = boundRecord(span, key);
    const { attribution: _b, ...before } = span;
    assert.deepEqual(rest, before);
  });
});
