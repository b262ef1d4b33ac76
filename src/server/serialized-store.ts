import type { Store } from "../ledger/store.js";

/** the Store's reads: they may run side by side (the DuckDB store gives each its own connection) */
const READS = new Set<PropertyKey>([
  "aggregate",
  "list",
  "interactions",
  "interactionSummary",
  "usageProfile",
  "outcomeSummary",
  "count",
  "range",
  "listKeys",
  "listBudgets",
  "listPolicies",
  "alertsSent",
]);

/**
 * A store whose writes run one at a time, in call order: the recorder's batches, key changes and
 * any other write queue here instead of interleaving on the one writing connection. Reads do not
 * wait for one another (a dashboard asks for several reports at once).
 */
export function serialized(store: Store): Store {
  let tail: Promise<unknown> = Promise.resolve();
  const queue = <T>(work: () => Promise<T>): Promise<T> => {
    const next = tail.then(work, work);
    tail = next.catch(() => undefined);
    return next;
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || prop === "writer" || READS.has(prop)) return typeof value === "function" ? value.bind(target) : value;
      return (...args: unknown[]) => queue(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    },
  });
}
