/**
 * The importer contract: what every source's importer implements (`Importer`), what it yields
 * (`ImportItem`, `Reject`) and what an import reports (`ImportSummary`). The pipeline, the
 * native fast path and every importer depend on this module and it on none of them, so they
 * import each other's types without a cycle.
 */
import type { JsonLinesPlan } from "../ledger/native-import-plan.js";
import type { UsageRecord } from "../usage/event.js";

/** a line (or entry) that cannot be imported, and why; the good ones around it still are */
export interface Reject {
  file: string;
  /** 1-based line number, or the entry index for whole-file JSON formats */
  line: number;
  reason: string;
}

export type ImportItem = { record: UsageRecord } | { reject: Reject };

export interface ImportOptions {
  /** for `csv` and `jsonl`: the mapping file's parsed content */
  mapping?: unknown;
  /** attribution applied to every record that does not carry its own */
  defaults?: Partial<Record<"org" | "team" | "project" | "feature" | "customer" | "user" | "environment", string>>;
  /** read only these lines (1-based), for line formats: the rest were imported natively */
  lines?: ReadonlySet<number>;
}

/** what an import did, for the summary a user reads */
export interface ImportSummary {
  files: number;
  /** records read from the files */
  records: number;
  /** newly stored */
  inserted: number;
  /** already in the ledger (or repeated in the input) */
  duplicates: number;
  /** records that could not be priced (kept, flagged) */
  unpriced: number;
  rejected: number;
  /** exact cost of the priced records read */
  total_usd: string;
}

export interface RunImportOptions extends ImportOptions {
  /** replace stored events with the same id (for sources that restate records) */
  replace?: boolean;
  batchSize?: number;
  onReject?: (reject: Reject) => void;
  onProgress?: (records: number) => void;
  /** after each batch is safely stored: how many events are stored so far */
  onStored?: (stored: number) => void;
  /** false: read every line in JavaScript, even where the store could import natively */
  native?: boolean;
  /** the largest piece of a file a native import loads at once (see NATIVE_PIECE_BYTES in ./native.ts) */
  nativePieceBytes?: number;
}

/**
 * One foreign format → canonical usage records. An importer streams its input (constant
 * memory for line formats), yields a record per call and a reject per bad line, and never
 * throws for bad content — only for a file it cannot open.
 */
export interface Importer {
  /** the source name on the command line: `tokenomics import <name>` */
  readonly name: string;
  /** what it reads, for help text */
  readonly description: string;
  /** where to look when no path is given (e.g. ~/.claude/projects), if anywhere */
  defaultPaths?(): string[];
  /**
   * true for aggregated exports (usage buckets) whose later exports restate the same bucket
   * with final numbers: a re-import replaces the stored event instead of keeping the first
   */
  readonly restates?: boolean;
  /** file extensions it takes when given a directory */
  readonly extensions: readonly string[];
  /**
   * the format's plain lines as data, for stores that import them natively (much faster); the
   * lines a store hands back are read by `read` with `options.lines`
   */
  readonly plan?: JsonLinesPlan;
  read(file: string, options: ImportOptions): AsyncIterable<ImportItem>;
  /**
   * Optional: many whole files at once (on worker threads, say), yielding what `read` yields
   * for each file in turn, in the same order
   */
  readAll?(files: readonly string[], options: ImportOptions): AsyncIterable<ImportItem>;
}
