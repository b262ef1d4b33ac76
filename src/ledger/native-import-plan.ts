import type { RateCard } from "../pricing/rate-card.js";
import type { CountPath, RawCounts, TokenConvention } from "../usage/normalize/index.js";

/**
 * A JSON-lines format described as data, so that a store can import a whole file natively —
 * parse, normalise, price and insert in its own engine, in parallel, with no per-line work in
 * JavaScript. That is what makes bulk import fast; the importer's JavaScript reading stays the
 * reference.
 *
 * A plan is deliberately narrow: it covers the common, plain lines of a format. A store takes a
 * line only when it can prove the line is one of those (every field of the expected type, no
 * key it does not understand where one would change the result); it hands every other line
 * back by number, and the importer reads those exactly as it always does. So a plan can only
 * make an import faster, never different — and tests hold both paths to the same events.
 */
export interface JsonLinesPlan {
  /** the events' source kind, e.g. "openai" */
  source: string;
  provider: string;
  /** prefixed to the body's id to make the event id, e.g. "openai:" */
  idPrefix: string;
  /** the convention the counts follow (what contains what) */
  convention: TokenConvention;
  body: BodyPlan;
  usage: UsagePlan;
  envelope: EnvelopePlan;
}

/** a provider response body, bare on the line or under the envelope's `envelopeKey` */
export interface BodyPlan {
  /** the key whose string value marks a body, and that value: `object` = "chat.completion" */
  typeKey: string;
  typeValue: string;
  envelopeKey: string;
  idKey: string;
  modelKey: string;
  /** unix seconds; the call's time unless the envelope gives one */
  unixSecondsKey: string;
  usageKey: string;
  /** keys that must be absent or null, or hold one of the listed strings (empty list: absent or null) */
  plain: Readonly<Record<string, readonly string[]>>;
}

/** the usage object: counts at paths, and nothing else */
export interface UsagePlan {
  /** where each raw count is, as a path inside the usage object (one or two keys deep) */
  counts: Readonly<Partial<Record<CountName, CountPath>>>;
  /** keys the usage object (and its nested objects) may also hold, holding counts, e.g. total_tokens */
  alsoAllowed: readonly CountPath[];
}

export type CountName = Exclude<keyof RawCounts, "requests" | "reportedTotal">;

/** the fields written alongside a body */
export interface EnvelopePlan {
  /** an instant: a canonical ISO 8601 string in UTC */
  tsKey: string;
  /** string fields → the event column they fill */
  strings: Readonly<Record<string, string>>;
  /** non-negative numbers → the event column they fill */
  numbers: Readonly<Record<string, string>>;
  /** keys whose presence sends the line to the exact reading */
  unsupported: readonly string[];
}

export interface JsonLinesOptions {
  /** the rate card for a model on a UTC day ("2025-10-01T00:00:00.000Z") */
  cards(model: string, day: string): RateCard;
  /** attribution for lines that carry none of their own */
  defaults?: Readonly<Record<string, string>>;
  /** the file as the events' `source_file` names it (the file read may be a piece of it) */
  sourceFile: string;
  /** lines of the source file before the file read (when it is a piece): added to line numbers */
  linesBefore?: number;
}

export interface JsonLinesResult {
  /** lines imported natively, duplicates included */
  records: number;
  inserted: number;
  duplicates: number;
  unpriced: number;
  /** exact cost of the lines imported natively */
  total_usd: string;
  /** 1-based numbers of the non-blank lines left for the exact reading, ascending */
  handedBack: number[];
}
