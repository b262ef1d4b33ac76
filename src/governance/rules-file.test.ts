import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { budgetCoversKey } from "./key-coverage.js";
import { budgetFields, budgetFromFields, parseRuleSet, policyFields, policyFromFields, RulesError } from "./rules-file.js";
import { sameRule } from "./canonical.js";

const issues = (doc: unknown): string[] => {
  try {
    parseRuleSet(doc);
  } catch (e) {
    if (!(e instanceof RulesError)) throw e;
    return e.message.split("\n");
  }
  return assert.fail("accepted");
};

describe("rules files", () => {
  it("maps snake_case fields to the domain and back", () => {
    const fields = {
      name: "search",
      scope: { team: "search", "tag.plan": "pro" },
      period: "month",
      tz: "Europe/Berlin",
      amount_usd: "500",
      alerts: [80, 50],
      action: "downgrade",
      downgrade_to: "gpt-4o-mini",
      hold_cap_usd: "0.25",
    };
    const b = budgetFromFields(fields);
    assert.equal(b.amountUsd, "500");
    assert.equal(b.downgradeTo, "gpt-4o-mini");
    assert.equal(b.holdCapUsd, "0.25");
    assert.deepEqual(budgetFields(b), { ...fields, alerts: [50, 80] });
    assert.equal(budgetFromFields({ ...fields, amount_usd: undefined, amount: "500" }).amountUsd, "500");
    const p = policyFromFields({
      name: "nightly",
      match: { feature: "nightly" },
      require_tier: "batch",
      rate_limit: { tokens_per_minute: 1000 },
      dry_run: true,
    });
    assert.deepEqual(policyFields(p), {
      name: "nightly",
      match: { feature: "nightly" },
      require_tier: "batch",
      rate_limit: { per: "key", tokens_per_minute: 1000 },
      dry_run: true,
    });
  });

  it("takes a bare number as money only when it is exact", () => {
    assert.equal(budgetFromFields({ name: "a", period: "day", amount_usd: 25.5, action: "alert" }).amountUsd, "25.5");
    assert.throws(
      () => budgetFromFields({ name: "a", period: "day", amount_usd: 0.1234567890123456, action: "alert" }),
      /amount_usd: .* write it as a decimal string/,
    );
  });

  it("reports every mistake with the path the user wrote", () => {
    assert.deepEqual(
      issues({
        budgets: [
          { name: "ok", period: "month", amount_usd: "5", action: "block" },
          { name: "b", period: "fortnight", amount_usd: "5", action: "block" },
          { name: "c", period: "month", amount: "ten", action: "block" },
          { name: "ok", period: "month", amount_usd: "5", action: "alert" },
          { name: "d", period: "month", amount_usd: "5", action: "downgrade" },
          { name: "e", period: "month", amount_usd: "5", action: "block", scope: { planet: "mars" }, colour: "red" },
        ],
        policies: [
          { name: "p", rate_limit: { per_hour: 5 } },
          { name: "q", max_output_tokens: -1 },
        ],
        extra: 1,
      }),
      [
        "extra: unknown field (budgets or policies)",
        'budgets[1].period: "fortnight" is not day, week, month, quarter or YYYY-MM-DD..YYYY-MM-DD',
        'budgets[2].amount: must be a non-negative decimal string such as "25.00"',
        'budgets[3].name: "ok" is also budgets[0]',
        "budgets[4].downgrade_to: required when action is downgrade",
        "budgets[5].colour: unknown field (one of name, scope, period, tz, amount_usd, alerts, action, downgrade_to, webhook, hold_cap_usd)",
        "policies[0].rate_limit.per_hour: unknown field (one of requests_per_minute, tokens_per_minute, per)",
        "policies[1].max_output_tokens: must be above 0",
      ],
    );
    assert.match(
      issues({ budgets: [{ name: "e", period: "month", amount_usd: "5", action: "block", scope: { planet: "mars" } }] })[0]!,
      /^budgets\[0\]\.scope\.planet: unknown scope key/,
    );
    assert.deepEqual(issues({ budgets: "x" }), ["budgets: expected a list"]);
    assert.deepEqual(parseRuleSet(null), { budgets: [], policies: [] });
  });

  it("compares definitions whatever the order of their fields", () => {
    assert.ok(sameRule({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1, e: undefined }));
    assert.ok(!sameRule({ alerts: [50, 80] }, { alerts: [80, 50] }));
  });
});

describe("budgetCoversKey", () => {
  it("covers a key whose fixed scope and id match, ignoring model and tag entries", () => {
    const scope = { team: "search", customer: "acme" };
    assert.ok(budgetCoversKey({ scope: {} }, "k1", scope));
    assert.ok(budgetCoversKey({ scope: { team: "search", model: "gpt-4o", "tag.plan": "pro" } }, "k1", scope));
    assert.ok(budgetCoversKey({ scope: { key: "k1" } }, "k1", scope));
    assert.ok(!budgetCoversKey({ scope: { key: "k2" } }, "k1", scope));
    assert.ok(!budgetCoversKey({ scope: { team: "ops" } }, "k1", scope));
    // a dimension the key does not fix: its calls may be anyone's, so the budget is not the key's
    assert.ok(!budgetCoversKey({ scope: { project: "x" } }, "k1", scope));
  });
});
