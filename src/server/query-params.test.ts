import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError } from "./api-error.js";
import { countParam, dateParam, filterParams, periodParam, timeZoneParam } from "./query-params.js";

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ApiError && e.status === 400, String(e));
    return e.message;
  }
  assert.fail("expected a 400");
};

describe("query parameters", () => {
  it("takes IANA time zones only", () => {
    for (const tz of ["UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+5"]) assert.equal(timeZoneParam(tz), tz);
    assert.equal(timeZoneParam(undefined), undefined);
    assert.equal(
      message(() => timeZoneParam("Mars/Olympus")),
      'tz: unknown time zone "Mars/Olympus" (use an IANA name such as Europe/Paris or UTC)',
    );
    for (const tz of ["+05:00", "Europe/Paris'", "/etc/passwd", "UTC "])
      assert.match(
        message(() => timeZoneParam(tz)),
        /^tz: /,
        tz,
      );
  });

  it("takes real calendar days and instants", () => {
    assert.equal(dateParam("from", "2024-02-29"), "2024-02-29");
    assert.equal(dateParam("from", "2026-10-05T12:00:00Z"), "2026-10-05T12:00:00Z");
    for (const d of ["2025-02-29", "2026-02-30", "2026-13-01", "2026-10-05Tnoon", "2026-10-05T25:00:00Z", "yesterday"]) {
      assert.match(
        message(() => dateParam("from", d)),
        /^from: expected a date/,
        d,
      );
    }
  });

  it("turns a period into [from, to)", () => {
    assert.deepEqual(periodParam("period", "2026"), { from: "2026-01-01", to: "2027-01-01" });
    assert.deepEqual(periodParam("period", "2026-12"), { from: "2026-12-01", to: "2027-01-01" });
    assert.deepEqual(periodParam("period", "2024-02-29"), { from: "2024-02-29", to: "2024-03-01" });
    for (const p of ["2026-00", "2026-13", "2026-02-30", "26"])
      assert.match(
        message(() => periodParam("period", p)),
        /^period: /,
        p,
      );
  });

  it("reads counts, and from/to/period/where together", () => {
    assert.equal(countParam("top", "10"), 10);
    assert.equal(countParam("top", undefined), undefined);
    for (const n of ["-1", "1.5", "1e3", "99999999999999999999"])
      assert.match(
        message(() => countParam("top", n)),
        /^top: /,
        n,
      );
    const q = (params: Record<string, string | string[]>) => ({
      one: (k: string) => (typeof params[k] === "string" ? params[k] : undefined),
      all: (k: string) => [params[k] ?? []].flat(),
    });
    assert.deepEqual(filterParams(q({ period: "2026-10", where: ["team=a,b", "tag.plan=pro"] })), {
      from: "2026-10-01",
      to: "2026-11-01",
      where: [
        { dimension: "team", values: ["a", "b"] },
        { dimension: "tag.plan", values: ["pro"] },
      ],
    });
    assert.equal(
      message(() => filterParams(q({ period: "2026", to: "2026-02-01" }))),
      "period: give period or from/to, not both",
    );
  });
});
