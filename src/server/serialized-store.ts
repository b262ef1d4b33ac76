import type { Store } from "../ledger/store.js";

/**
 * A store whose operations run one at a time, in call order. An embedded database connection
 * runs one statement at a time; the server calls the store from concurrent requests (reports,
 * key changes) and from the recorder's batches, so they queue here instead of interleaving.
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
      if (typeof value !== "function" || prop === "writer") return typeof value === "function" ? value.bind(target) : value;
      return (...args: unknown[]) => queue(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    },
  });
}
