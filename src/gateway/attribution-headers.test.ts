import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newKey } from "./keys.js";
import { AttributionError, attributionOf, headerText, parseTags } from "./attribution-headers.js";

const { key } = newKey({ team: "search" });
// what Node hands over for the UTF-8 bytes of "café": one latin-1 character per byte
const cafe = Buffer.from("café", "utf8").toString("latin1");

describe("attribution headers", () => {
  it("decodes UTF-8 header bytes (café, not cafÃ©) and keeps latin-1 that is not UTF-8", () => {
    assert.equal(headerText({ "x-tokenomics-feature": cafe }, "x-tokenomics-feature"), "café");
    assert.equal(headerText({ "x-tokenomics-feature": "caf\u00e9" }, "x-tokenomics-feature"), "caf\u00e9");
    assert.equal(attributionOf(key, { "x-tokenomics-customer": Buffer.from("日本", "utf8").toString("latin1") }).customer, "日本");
  });

  it("lets the key's scope win and names the key", () => {
    const a = attributionOf(key, { "x-tokenomics-feature": "answer" });
    assert.deepEqual(a, { feature: "answer", team: "search", api_key_id: key.id });
  });

  it("caps values: a 257-character feature is refused, saying which header", () => {
    assert.throws(
      () => attributionOf(key, { "x-tokenomics-feature": "x".repeat(257) }),
      (e: unknown) => e instanceof AttributionError && /x-tokenomics-feature: longer than 256/.test(e.message),
    );
    assert.equal(attributionOf(key, { "x-tokenomics-feature": "x".repeat(256) }).feature?.length, 256);
  });

  it("does not let a tag stand in for an attribution field", () => {
    assert.throws(() => parseTags("plan=pro, team=other"), /"team" is an attribution field/);
    assert.throws(() => parseTags("API_KEY_ID=x"), /attribution field/);
    assert.deepEqual(parseTags("plan=pro, region=eu"), { plan: "pro", region: "eu" });
  });

  it("refuses tags reports cannot filter on", () => {
    assert.throws(() => parseTags("a b=1"), /may hold only/);
    assert.throws(() => parseTags("novalue"), /is not key=value/);
    assert.throws(() => parseTags(Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(",")), /more than 32 tags/);
  });
});
