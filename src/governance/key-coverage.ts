/**
 * Which budgets apply to a virtual key, as opposed to a call: what a key's holder may see of
 * the budgets (`GET /api/budgets`, the status). A key fixes some attribution dimensions (its
 * scope) and its own id; a budget covers the key when each of its entries on those dimensions
 * or on `key` matches. `model` and `tag.*` entries narrow which of the key's calls count, not
 * which keys, so they are left out here.
 */
import type { Budget } from "./budget.js";

/** scope keys that are attribution dimensions a key can fix */
const KEY_FIXED = new Set(["org", "team", "project", "feature", "customer", "user", "environment"]);

/**
 * @example budgetCoversKey({ scope: { team: "search", model: "gpt-4o" } }, "key_1", { team: "search" }) // true
 */
export function budgetCoversKey(budget: Pick<Budget, "scope">, keyId: string, keyScope: Readonly<Record<string, string>>): boolean {
  for (const [dimension, want] of Object.entries(budget.scope)) {
    if (dimension === "key") {
      if (keyId !== want) return false;
    } else if (KEY_FIXED.has(dimension) && keyScope[dimension] !== want) return false;
  }
  return true;
}
