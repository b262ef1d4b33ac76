import assert from "node:assert/strict";
import { test } from "node:test";
import Big from "big.js";
import { BUILTIN_CACHING_RULES } from "./builtin/caching.js";
import { builtinCatalog } from "./builtin/index.js";
import { CachingRuleSchema, cachingRuleFor } from "./caching.js";

const catalog = builtinCatalog();

test("the built-in rules validate and name catalog models that have the rates they bill at", () => {
  for (const rule of BUILTIN_CACHING_RULES) {
    CachingRuleSchema.parse(rule);
    for (const id of rule.models ?? []) {
      const model = catalog.get(id);
      assert.ok(model, `${id} is not in the catalog`);
      for (const v of model.prices) {
        assert.ok(v.rates.cached_input, `${id} has no cached_input rate`);
        for (const l of rule.lifetimes) if (l.write_class) assert.ok(v.rates[l.write_class], `${id} has no ${l.write_class} rate`);
      }
    }
  }
});

test("Anthropic's published multipliers hold for the catalog's rates (Haiku 3 publishes rounded ones)", () => {
  for (const rule of BUILTIN_CACHING_RULES.filter((r) => r.provider === "anthropic")) {
    for (const id of rule.models ?? []) {
      if (id === "claude-3-haiku") continue;
      const r = catalog.get(id)!.prices.at(-1)!.rates;
      assert.equal(new Big(r.input!).times(rule.read_multiplier!).eq(r.cached_input!), true, `${id} read`);
      for (const l of rule.lifetimes) assert.equal(new Big(r.input!).times(l.write_multiplier!).eq(r[l.write_class!]!), true, `${id} ${l.name}`);
    }
  }
});

test("minimum prefixes per model, and no rule before caching existed", () => {
  const min = (provider: string, id: string, at = "2026-01-01") => cachingRuleFor(BUILTIN_CACHING_RULES, provider, id, at)?.min_prefix_tokens;
  assert.equal(min("anthropic", "claude-sonnet-4-5"), 1024);
  assert.equal(min("anthropic", "claude-3-5-haiku"), 2048);
  assert.equal(min("anthropic", "claude-opus-4-5"), 4096);
  assert.equal(min("anthropic", "claude-haiku-4-5"), 4096);
  assert.equal(min("anthropic", "claude-3-sonnet"), undefined);
  assert.equal(min("openai", "gpt-4o-mini"), 1024);
  assert.equal(min("openai", "gpt-4o-mini", "2024-09-30"), undefined);
  assert.equal(cachingRuleFor(BUILTIN_CACHING_RULES, "openai", "gpt-4o-2024-05-13", "2025-01-01", false), undefined);
  assert.equal(min("google", "gemini-2.5-pro"), undefined);
});
