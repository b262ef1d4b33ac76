/**
 * Admission: the one step every usage record passes before it becomes a ledger event, whatever
 * brought it — a file import (`./pipeline.ts`), the gateway's recorder (`gateway/recorder.ts`),
 * an OTLP/HTTP export (`./otlp/`, through the server's recorder) or the demo generator (through
 * `./pipeline.ts`'s `ingest`). In order:
 *
 * 1. the timestamp must be a real instant (a rejected record never reaches pricing);
 * 2. attribution given by the caller (`--team` and the like) fills what the record leaves unset;
 * 3. a virtual key's scope is forced over the record's attribution (`./key-scope.ts`);
 * 4. the record is priced (`pricing/price-record.ts`): an unpriceable record is admitted,
 *    flagged, never priced at zero;
 * 5. caps: one call may not cost more than the ledger holds per call (`MAX_EVENT_USD`).
 *
 * Budgets (the next issue) settle here too: a budget is one more check after pricing, with the
 * priced event in hand, so every source is held to it alike.
 *
 * The store's native bulk import (`ledger/duckdb/native-import.ts`, used by `./native.ts`) does the
 * same in SQL as an optimisation; `admit.test.ts` holds the two to the same events and costs.
 */
import Big from "big.js";
import type { Catalog } from "../pricing/catalog.js";
import { priceRecord } from "../pricing/price-record.js";
import { MAX_EVENT_USD, type VirtualKey } from "../ledger/store.js";
import type { UsageEvent, UsageRecord } from "../usage/event.js";
import type { ImportOptions } from "./importer.js";
import { invalidInstant } from "./instant.js";
import { boundRecord } from "./key-scope.js";

export interface AdmitOptions {
  /** attribution that fills what a record leaves unset (an import's `--team`, `--project`…) */
  defaults?: ImportOptions["defaults"];
  /**
   * who posted the record, where a caller may post on a key's behalf: `{ key }` binds the
   * record to the key's scope, `{ key: undefined }` is the admin token (attributes freely, but
   * a tag may still not stand in for an attribution field). Absent: a trusted source (an
   * import, the gateway, which attributes its calls itself).
   */
  caller?: { key: VirtualKey | undefined };
}

/** the event to store, or why the record may not be stored */
export type Admission = { event: UsageEvent } | { reject: string };

/**
 * Admit one record: validate, default, scope, price, cap.
 *
 * @example
 * const a = admitRecord(catalog, record, { defaults: { team: "platform" } });
 * if ("reject" in a) console.error(a.reject); else writer.add(a.event);
 */
export function admitRecord(catalog: Catalog, record: UsageRecord, options: AdmitOptions = {}): Admission {
  const badTs = invalidInstant(record.ts);
  if (badTs !== undefined) return { reject: `ts: ${badTs}` };
  let admitted = withDefaults(record, options.defaults);
  if (options.caller) admitted = boundRecord(admitted, options.caller.key);
  const event = priceRecord(catalog, admitted);
  if (event.cost.total_usd !== null && overCap(event.cost.total_usd)) {
    return { reject: `costs $${event.cost.total_usd} for one call, more than the ledger holds per call ($${MAX_EVENT_USD}); check its token counts` };
  }
  return { event };
}

/** a record that admission refused, for sources that have no reject channel of their own */
export class RecordRejected extends Error {
  constructor(readonly reason: string) {
    super(`record rejected: ${reason}`);
    this.name = "RecordRejected";
  }
}

/**
 * `admitRecord` for callers without a reject channel (the gateway's recorder): the event, or a
 * `RecordRejected` thrown with the reason.
 */
export function admittedEvent(catalog: Catalog, record: UsageRecord, options: AdmitOptions = {}): UsageEvent {
  const a = admitRecord(catalog, record, options);
  if ("reject" in a) throw new RecordRejected(a.reject);
  return a.event;
}

const CAP_DIGITS = MAX_EVENT_USD.indexOf(".");

/** more than one call may cost; most costs are told apart by their digits, without a Big */
function overCap(usd: string): boolean {
  if (usd.charCodeAt(0) === 45) return false; // negative: a credit
  const dot = usd.indexOf(".");
  const digits = dot === -1 ? usd.length : dot;
  if (digits !== CAP_DIGITS) return digits > CAP_DIGITS;
  return new Big(usd).gt(MAX_EVENT_USD);
}

/** attribution given by the caller fills what a record leaves unset */
function withDefaults(record: UsageRecord, defaults: AdmitOptions["defaults"]): UsageRecord {
  if (!defaults) return record;
  const own = Object.fromEntries(Object.entries(record.attribution).filter(([, v]) => v !== undefined));
  return { ...record, attribution: { ...defaults, ...own } };
}
