import type { Filter, Store } from "../ledger/store.js";
import type { Catalog } from "../pricing/catalog.js";
import type { Dimension } from "../usage/event.js";
import { fitPortfolio, markBatch, type FitInput } from "./fit.js";
import type { Month } from "./month.js";
import type { Portfolio } from "./portfolio.js";

export interface FitOptions {
  /** the dimension whose values become use cases (default feature) */
  by?: Dimension;
  /** whole days, [from, to) as YYYY-MM-DD; default the ledger's first to last event's day */
  from?: string;
  to?: string;
  /** with a catalog, use cases priced at the batch rate in the ledger are marked `batch` */
  catalog?: Catalog;
  /** the first month to forecast (default: the month after the window) */
  start?: Month;
  /** only the events every condition holds for (a team, a key's scope), in the fit and its window */
  where?: Filter["where"];
}

/**
 * Reads what `fitPortfolio` needs from a store (three queries) and fits; null when the window
 * holds no events.
 *
 * @example
 * const portfolio = await fitFromLedger(store, { by: "feature" });
 */
export async function fitFromLedger(store: Store, options: FitOptions = {}): Promise<{ portfolio: Portfolio; input: FitInput } | null> {
  const by = options.by ?? "feature";
  const window = await ledgerWindow(store, options);
  if (window === null) return null;
  const filter: Filter = { from: window.from, to: window.to, ...(options.where?.length ? { where: options.where } : {}) };
  const [byModel, daily, interactions] = await Promise.all([
    store.aggregate({ ...filter, by: [by, "model"] }),
    store.aggregate({ ...filter, by: [by], every: "day" }),
    store.interactionSummary({ ...filter, by: [by] }),
  ]);
  if (byModel.events === 0) return null;
  const input: FitInput = { dimension: by, ...window, byModel: byModel.rows, daily: daily.rows, interactions, ...(options.start ? { start: options.start } : {}) };
  const portfolio = fitPortfolio(input);
  return { portfolio: options.catalog ? markBatch(portfolio, input, options.catalog) : portfolio, input };
}

/** [from, to) in whole days: the options', else the ledger's first and last events' days */
export async function ledgerWindow(store: Store, options: { from?: string; to?: string; where?: Filter["where"] } = {}): Promise<{ from: string; to: string } | null> {
  let from = options.from?.slice(0, 10);
  let to = options.to?.slice(0, 10);
  if (from === undefined || to === undefined) {
    const range = await store.range({ ...(from ? { from } : {}), ...(to ? { to } : {}), ...(options.where?.length ? { where: options.where } : {}) });
    if (range.first === null || range.last === null) return null;
    from ??= range.first.slice(0, 10);
    to ??= new Date(Date.parse(`${range.last.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  }
  return from < to ? { from, to } : null;
}
