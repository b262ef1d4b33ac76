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
  read(file: string, options: ImportOptions): AsyncIterable<ImportItem>;
}
