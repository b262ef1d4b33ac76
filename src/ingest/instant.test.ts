import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { invalidInstant, toIsoInstant } from "./instant.js";

describe("toIsoInstant", () => {
  it("reads unix seconds, unix milliseconds and ISO strings as UTC", () => {
    assert.equal(toIsoInstant(1741570283, "created"), "2025-03-10T01:31:23.000Z");
    assert.equal(toIsoInstant(1741570283250, "ts"), "2025-03-10T01:31:23.250Z");
    assert.equal(toIsoInstant("2025-08-01T00:00:00Z", "starting_at"), "2025-08-01T00:00:00.000Z");
    assert.equal(toIsoInstant("2025-08-01T02:00:00+02:00", "ts"), "2025-08-01T00:00:00.000Z");
    // no offset: exports mean utc, not the machine's zone
    assert.equal(toIsoInstant("2025-08-01 12:30:00", "ts"), "2025-08-01T12:30:00.000Z");
    assert.equal(toIsoInstant("2025-08-01", "ts"), "2025-08-01T00:00:00.000Z");
  });

  it("names the field when the value is not a time", () => {
    assert.throws(() => toIsoInstant("yesterday", "ts"), /^Error: ts: not a valid timestamp: "yesterday"$/);
    assert.throws(() => toIsoInstant(-1, "created"), /^Error: created: expected a timestamp/);
    assert.throws(() => toIsoInstant(null, "ts"), /^Error: ts: expected a timestamp/);
  });
});

describe("invalidInstant", () => {
  it("refuses impossible dates that Date.parse rolls over", () => {
    assert.equal(invalidInstant("2025-02-28T10:00:00.000Z"), undefined);
    assert.equal(invalidInstant("2024-02-29T10:00:00Z"), undefined); // a leap day
    assert.match(invalidInstant("2025-02-30T00:00:00.000Z") ?? "", /not a valid date/);
    assert.match(invalidInstant("2025-04-31T10:00:00Z") ?? "", /not a valid date/);
    assert.match(invalidInstant("yesterday") ?? "", /not a timestamp/);
    assert.match(invalidInstant("2025-02-28T24:00:00Z") ?? "", /not a valid date/); // Date.parse makes it March 1st
    assert.throws(() => toIsoInstant("2025-02-30T00:00:00.000Z", "ts"), /ts: not a valid timestamp/);
  });
});
