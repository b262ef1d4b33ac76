/**
 * `--cache`: prompt caching replayed on the recorded traffic. Which calls would have hit is
 * decided from each call's prefix hashes (`prompt_prefixes`) and the real gaps between calls
 * against the rule's time-to-live, per cache scope; the rules are data (`src/pricing/caching.ts`).
 */
import type { CachingRule } from "../pricing/caching.js";
import type { Catalog } from "../pricing/catalog.js";
import type { PromptPrefix, UsageEvent } from "../usage/event.js";
import { cacheScope, caching } from "./cache-rules.js";
import { events, priceOutcome, recordedMode, Tally, type Counterfactual, type Outcome } from "./counterfactual.js";

const NO_RULE = "no caching rule for the model";
const NO_PREFIXES = "no prompt prefix data";
const PRUNE_EVERY = 4096;

/**
 * @example promptCaching(catalog, BUILTIN_CACHING_RULES).apply(callWithPrefixes) // priced with the hits it would have had
 */
export function promptCaching(catalog: Catalog, rules: readonly CachingRule[], lifetimeName?: string): Counterfactual {
  const tally = new Tally();
  const withoutRule = new Tally();
  const used = new Map<CachingRule, Set<string>>();
  // scope → prefix hash → when it was last written or read (ms), with the ttl that scope uses
  const scopes = new Map<string, { ttl: number; seen: Map<string, number> }>();
  let last = Number.NEGATIVE_INFINITY;
  let seenEvents = 0;
  let readTokens = 0;
  let writeTokens = 0;

  return {
    notEligible: [NO_RULE],
    apply(e: UsageEvent): Outcome {
      const now = Date.parse(e.ts);
      if (now < last) throw new Error(`the cache what-if needs events in time order: ${e.ts} came after ${new Date(last).toISOString()}`);
      last = now;
      if (++seenEvents % PRUNE_EVERY === 0) prune(scopes, now);
      const found = catalog.resolve(e.model, e.ts);
      if (!found.ok) return { kind: "unpriced", model: e.model, reason: found.reason };
      const rc = caching(rules, found.model, found.version, e.ts, lifetimeName);
      if (!rc) {
        withoutRule.add(found.model.id);
        return same(NO_RULE);
      }
      let models = used.get(rc.rule);
      if (!models) used.set(rc.rule, (models = new Set()));
      models.add(found.model.id);
      const prefixes = [...(e.prompt_prefixes ?? [])].filter((p) => p.tokens >= rc.rule.min_prefix_tokens).sort((a, b) => a.tokens - b.tokens);
      const key = cacheScope(found.model, e);
      let scope = scopes.get(key);
      if (!scope) scopes.set(key, (scope = { ttl: rc.lifetime.ttl_seconds * 1000, seen: new Map() }));
      const u = e.usage;
      if (u.cached_input + u.cache_write + u.cache_write_1h > 0) {
        // already caching: it keeps what it had, and keeps the cache warm for the calls after it
        for (const p of prefixes) scope.seen.set(p.hash, now);
        return same("already caching");
      }
      if (!e.prompt_prefixes || e.prompt_prefixes.length === 0) return same(NO_PREFIXES);
      if (prefixes.length === 0) return same("prefix under the minimum");

      const marks = rc.rule.mode === "explicit" ? breakpoints(prefixes, rc.rule.max_breakpoints) : prefixes;
      let hit: PromptPrefix | undefined;
      for (const p of marks) {
        const t = scope.seen.get(p.hash);
        if (t !== undefined && now - t <= scope.ttl) hit = p;
      }
      for (const p of marks) scope.seen.set(p.hash, now);
      let read = hit ? hit.tokens : 0;
      if (rc.rule.step_tokens) read -= read % rc.rule.step_tokens;
      read = Math.min(read, u.input);
      let write = 0;
      if (rc.writeClass) write = Math.min(Math.max(0, marks.at(-1)!.tokens - read), u.input - read);
      if (read === 0 && write === 0) return same("cache cold");
      tally.add(read > 0 ? "hit" : "written");
      readTokens += read;
      writeTokens += write;
      const changed = { ...u, input: u.input - read - write, cached_input: read };
      if (rc.writeClass) changed[rc.writeClass] = write;
      return priceOutcome(catalog, changed, e.model, e.ts, recordedMode(e));
    },
    assumptions() {
      const out = [
        `${events(tally.get("hit"))} would have read ${readTokens.toLocaleString("en-US")} tokens from the cache, and ${events(tally.get("hit") + tally.get("written"))} written ${writeTokens.toLocaleString("en-US")}; hits are decided from the recorded prefix hashes and the real gaps between calls against the time-to-live, per cache scope (provider, model, org, API key); the cache is cold at the start of the slice`,
      ];
      for (const [rule, models] of used) out.push(describeRule(rule, [...models], lifetimeName));
      if (tally.get(NO_PREFIXES))
        out.push(
          `${events(tally.get(NO_PREFIXES))} carry no prompt prefix hashes (the gateway records them; imported events mostly do not): the counterfactual lacks data for them and leaves them at their actual cost`,
        );
      const models = [...withoutRule.counts].map(([m, n]) => `${m} (${n})`).join(", ");
      if (models) out.push(`${events(tally.get(NO_RULE))} on models without a caching rule left at their actual cost: ${models}`);
      if (tally.get("already caching")) out.push(`${events(tally.get("already caching"))} already read or wrote the cache: kept as recorded`);
      if (tally.get("prefix under the minimum"))
        out.push(`${events(tally.get("prefix under the minimum"))} have no prefix as long as the model's minimum cacheable length: not cacheable`);
      return out;
    },
  };

  function same(reason: string): Outcome {
    tally.add(reason);
    return { kind: "same", reason };
  }
}

/** explicit caching: a breakpoint at each boundary, or the shortest (max − 1) and the longest when there are more */
function breakpoints(prefixes: readonly PromptPrefix[], max: number | undefined): readonly PromptPrefix[] {
  if (max === undefined || prefixes.length <= max) return prefixes;
  return [...prefixes.slice(0, max - 1), prefixes.at(-1)!];
}

function prune(scopes: Map<string, { ttl: number; seen: Map<string, number> }>, now: number): void {
  for (const scope of scopes.values()) for (const [hash, t] of scope.seen) if (now - t > scope.ttl) scope.seen.delete(hash);
}

function describeRule(rule: CachingRule, models: string[], lifetimeName: string | undefined): string {
  const lifetime = rule.lifetimes.find((l) => l.name === lifetimeName) ?? rule.lifetimes[0]!;
  const ttl = lifetime.ttl_seconds >= 3600 ? `${lifetime.ttl_seconds / 3600} h` : `${lifetime.ttl_seconds / 60} min`;
  const where =
    rule.mode === "explicit"
      ? `a cache breakpoint at every recorded prefix boundary of at least ${rule.min_prefix_tokens.toLocaleString("en-US")} tokens (at most ${rule.max_breakpoints ?? "any number of"}: the shortest and the longest kept); each call reads its longest live boundary and writes from there to its longest boundary`
      : `every prompt prefix of at least ${rule.min_prefix_tokens.toLocaleString("en-US")} tokens cached automatically${rule.step_tokens ? `, hits in steps of ${rule.step_tokens} tokens` : ""}, matched at the recorded boundaries only (the provider matches finer, so this is a lower bound on hits)`;
  const write = lifetime.write_class
    ? `writes billed at ${lifetime.write_class}${lifetime.write_multiplier ? ` (${lifetime.write_multiplier}× input)` : ""}`
    : "no write charge";
  return `${rule.provider} ${models.join(", ")}: ${where}; entries live ${ttl} after their last use, ${write}, reads at cached_input${rule.read_multiplier ? ` (${rule.read_multiplier}× input)` : ""} (rules from ${rule.from}, ${rule.source})${rule.note ? `; ${rule.note}` : ""}`;
}
