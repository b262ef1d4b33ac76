/**
 * `budget apply`: bring the ledger's budgets and policies to what a rules file says. The file is
 * checked whole before this runs (`parseRuleSet`), so a mistake changes nothing; here each rule
 * is created, updated or left unchanged, and with `prune` the ones the file no longer names are
 * deleted. A dry run compares the same way and changes nothing, so it prints the same lines.
 */
import { sameRule, type Budget, type Policy, type RuleSet } from "../governance/index.js";
import type { Store } from "./store.js";

export interface AppliedChange {
  kind: "budget" | "policy";
  name: string;
  change: "created" | "updated" | "deleted" | "unchanged";
}

export interface ApplyOptions {
  prune?: boolean;
  dryRun?: boolean;
}

interface RuleKind<T extends { name: string }> {
  kind: AppliedChange["kind"];
  list(): Promise<T[]>;
  save(rule: T): Promise<"created" | "updated" | "unchanged">;
  remove(name: string): Promise<boolean>;
}

/**
 * @example await applyRules(store, parseRuleSet(doc), { prune: true }) // [{ kind: "budget", name: "search", change: "updated" }, …]
 */
export async function applyRules(store: Store, rules: RuleSet, options: ApplyOptions = {}): Promise<AppliedChange[]> {
  const budgets: RuleKind<Budget> = {
    kind: "budget",
    list: () => store.listBudgets(),
    save: (b) => store.saveBudget(b),
    remove: (n) => store.deleteBudget(n),
  };
  const policies: RuleKind<Policy> = {
    kind: "policy",
    list: () => store.listPolicies(),
    save: (p) => store.savePolicy(p),
    remove: (n) => store.deletePolicy(n),
  };
  return [...(await applyKind(budgets, rules.budgets, options)), ...(await applyKind(policies, rules.policies, options))];
}

async function applyKind<T extends { name: string }>(kind: RuleKind<T>, wanted: readonly T[], options: ApplyOptions): Promise<AppliedChange[]> {
  const stored = new Map((await kind.list()).map((r) => [r.name, r]));
  const changes: AppliedChange[] = [];
  for (const rule of wanted) {
    const before = stored.get(rule.name);
    const change = options.dryRun ? (before === undefined ? "created" : sameRule(before, rule) ? "unchanged" : "updated") : await kind.save(rule);
    changes.push({ kind: kind.kind, name: rule.name, change });
  }
  if (options.prune) {
    const keep = new Set(wanted.map((r) => r.name));
    for (const name of stored.keys()) {
      if (keep.has(name)) continue;
      if (!options.dryRun) await kind.remove(name);
      changes.push({ kind: kind.kind, name, change: "deleted" });
    }
  }
  return changes;
}
