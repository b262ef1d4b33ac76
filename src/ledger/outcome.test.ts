import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OutcomeError, validateOutcome } from "./outcome.js";

const good = { id: "o1", trace_id: "t1", kind: "resolved_ticket", at: "2026-10-01T12:00:00+02:00" };

describe("validateOutcome", () => {
  it("canonicalises time to UTC and success to a boolean (true when absent)", () => {
    assert.deepEqual(validateOutcome(good), { id: "o1", trace_id: "t1", kind: "resolved_ticket", at: "2026-10-01T10:00:00.000Z", success: true });
    assert.equal(validateOutcome({ ...good, success: "false" }).success, false);
    assert.equal(validateOutcome({ ...good, success: "1" }).success, true);
    assert.equal(validateOutcome({ ...good, success: false, value_usd: "49.90" }).value_usd, "49.90");
    assert.equal(validateOutcome({ ...good, value_usd: "" }).value_usd, undefined);
  });

  const fails = (value: unknown, field: string, message: RegExp) => {
    assert.throws(
      () => validateOutcome(value),
      (e: unknown) => e instanceof OutcomeError && e.field === field && message.test(e.message),
    );
  };

  it("names the field that is wrong", () => {
    fails({ ...good, id: "" }, "id", /missing/);
    fails({ ...good, trace_id: 7 }, "trace_id", /expected a string, got 7/);
    fails({ ...good, kind: "resolved ticket" }, "kind", /got "resolved ticket"/);
    fails({ ...good, at: "yesterday" }, "at", /ISO 8601/);
    fails({ ...good, at: "2026-13-45" }, "at", /ISO 8601/);
    fails({ ...good, success: "maybe" }, "success", /true or false/);
    // money arrives as text: a JSON number has been through a double already
    fails({ ...good, value_usd: 49.9 }, "value_usd", /decimal string/);
    fails({ ...good, value_usd: "-1" }, "value_usd", /non-negative/);
    fails({ ...good, value_usd: "0.12345678901234" }, "value_usd", /13 places/);
    fails({ ...good, sucess: true }, "sucess", /unknown field/);
    fails([good], "outcome", /object/);
  });
});
