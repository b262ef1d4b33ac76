/**
 * A realistic synthetic history of LLM usage for a fictional company, so that a newcomer sees
 * real reports at once and the planning code has something to backtest on.
 *
 * Every day is generated from its own random stream, keyed by the seed and by how many days
 * before the last day it is, so the output depends on the seed, the window and the weekdays
 * only: the same options give the same records, and moving `end` by whole weeks gives the
 * same records with every date moved by as much. The last day is generated whole, even when
 * it is today.
 */
import type { UsageRecord } from "../usage/event.js";
import { DAY_MS, demoWindow, growth, isWeekend, type DemoWindow } from "./calendar.js";
import { buildCompany } from "./company.js";
import { FEATURES } from "./features.js";
import { Rng, seedFrom } from "../shared/random.js";
import { featureDay, type DraftRecord } from "./traces.js";

export interface DemoOptions {
  /** the last day (its UTC date); default today */
  end?: Date | string;
  /** how many days, ending with `end`; default 30 */
  days?: number;
  /** default 42 */
  seed?: number;
  /** multiplies the traffic (1 ≈ 1,000 calls a day); default 1 */
  scale?: number;
}

/**
 * The demo records one at a time in time order, holding one day in memory: use this for long
 * windows or large scales.
 *
 * @example
 * for (const r of demoRecords({ days: 90, end: "2026-11-30" })) store.append(r);
 */
export function* demoRecords(options: DemoOptions = {}): Generator<UsageRecord> {
  const { window, seed, scale } = resolve(options);
  const company = buildCompany(seed, FEATURES);
  let n = 0;
  for (let day = 0; day < window.days; day++) {
    const dayStartMs = window.startMs + day * DAY_MS;
    const back = window.days - 1 - day;
    const weekend = isWeekend(dayStartMs);
    const drafts: DraftRecord[] = [];
    for (const feature of FEATURES) {
      // one stream per feature and day: retuning one recipe leaves the others' calls alone
      const rng = new Rng(seedFrom(seed, back, feature.name));
      const expected = feature.tracesPerDay * scale * growth(back) * (weekend ? feature.weekend : 1);
      // a trace still running at midnight stops there, so each day stands alone
      featureDay(feature, { rng, company, dayStartMs, endMs: dayStartMs + DAY_MS, expected }, drafts);
    }
    drafts.sort((a, b) => a.at - b.at);
    for (const { at: _at, ...record } of drafts) yield { id: `demo:${seed}:${++n}`, ...record };
  }
}

/**
 * A realistic synthetic month (by default) of usage records for the fictional company
 * Northwind: 4 teams, 8 features, 25 customers, 12 models (one of them unpriced), retries,
 * agent tool calls, prompt caching and a nightly batch backfill — about 25,000 calls.
 *
 * @example
 * const records = generateDemo({ end: "2026-11-30", seed: 7 });
 * records[0]!.id; // "demo:7:1"
 */
export function generateDemo(options: DemoOptions = {}): UsageRecord[] {
  return [...demoRecords(options)];
}

/** the time window the demo covers: [from, to), ISO 8601 UTC */
export function demoRange(options: DemoOptions = {}): { from: string; to: string } {
  const { window } = resolve(options);
  return { from: new Date(window.startMs).toISOString(), to: new Date(window.endMs).toISOString() };
}

/** the window, seed and scale the options stand for (shared with `./outcomes.ts`) */
export function resolve(options: DemoOptions): { window: DemoWindow; seed: number; scale: number } {
  const seed = options.seed ?? 42;
  const scale = options.scale ?? 1;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!(scale > 0 && Number.isFinite(scale))) throw new RangeError(`scale must be a positive number, got ${scale}`);
  return { window: demoWindow(options.end ?? new Date(), options.days ?? 30), seed, scale };
}
