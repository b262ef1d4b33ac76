import type { UsageEvent } from "../usage/event.js";
import type { Filter, Store } from "./store.js";

/**
 * The events a filter selects, a page at a time in time order, so a scan over a large slice
 * holds one page in memory (what the what-if engine and the savings scan read).
 *
 * @example for await (const page of eventPages(store, { from: "2026-10-01" })) engine.addAll(page);
 */
export async function* eventPages(store: Store, filter: Filter, pageSize = 5000): AsyncGenerator<UsageEvent[]> {
  for (let offset = 0; ; offset += pageSize) {
    const page = await store.list({ ...filter, limit: pageSize, offset });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
  }
}
