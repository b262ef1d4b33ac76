/**
 * The recorder's write-ahead spool: each finished call appended as one JSON line to a file, the
 * file sealed into a numbered segment (`<spool>.1`, `<spool>.2`, …) when a batch is cut, and a
 * segment removed once its batch is stored. Nothing is ever rewritten, so a batch costs a rename
 * and an unlink on the event loop, however many calls wait behind it.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { UsageEvent } from "../usage/event.js";

/** what a spool file held: its events, and their lines as written */
export interface SpooledEvents {
  events: UsageEvent[];
  lines: string[];
}

/** a sealed segment left by an earlier run (a crash, or a ledger that was down) */
export interface Leftover extends SpooledEvents {
  segment: string;
}

export class Spool {
  private fd: number;
  private written = 0;
  private next: number;

  /**
   * the spool at `path`; whatever an earlier run left there is sealed first, so new lines never
   * follow a torn one — read it back with `leftovers()`
   */
  constructor(readonly path: string) {
    this.next = Math.max(0, ...segments(path).map((s) => s.n)) + 1;
    if (existsSync(path) && statSync(path).size > 0) renameSync(path, this.segmentPath(this.next++));
    this.fd = openSync(path, "a");
  }

  /** the sealed segments on disk, oldest first, with what they hold */
  leftovers(): Leftover[] {
    return segments(this.path).map((s) => ({ segment: s.path, ...readSpool(s.path) }));
  }

  /** append lines (each ending in "\n"); on disk when this returns */
  write(text: string): void {
    writeSync(this.fd, text);
    this.written += text.length;
  }

  /** seal what was written since the last seal into a segment; its path, or undefined when nothing was */
  seal(): string | undefined {
    if (this.written === 0) return undefined;
    const segment = this.segmentPath(this.next++);
    closeSync(this.fd);
    renameSync(this.path, segment);
    this.fd = openSync(this.path, "a");
    this.written = 0;
    return segment;
  }

  /** a segment whose events are stored */
  remove(segment: string): void {
    rmSync(segment, { force: true });
  }

  /** stop writing; the file goes when it is empty and no segment is left */
  close(): void {
    closeSync(this.fd);
    if (this.written === 0 && segments(this.path).length === 0) rmSync(this.path, { force: true });
  }

  private segmentPath(n: number): string {
    return `${this.path}.${n}`;
  }
}

/** the segments of the spool at `path`, in the order they were sealed */
function segments(path: string): { n: number; path: string }[] {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && /^\d+$/.test(f.slice(prefix.length)))
    .map((f) => ({ n: Number(f.slice(prefix.length)), path: join(dir, f) }))
    .sort((a, b) => a.n - b.n);
}

/** the events a spool file holds; a torn last line (a crash mid-write) is dropped — its call never got its answer */
export function readSpool(path: string): SpooledEvents {
  const out: SpooledEvents = { events: [], lines: [] };
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const event = JSON.parse(line) as Partial<UsageEvent>;
      // only events the recorder wrote (priced) belong here; anything else would block every batch
      if (typeof event.id === "string" && typeof event.ts === "string" && event.cost !== undefined && event.usage !== undefined) {
        out.events.push(event as UsageEvent);
        out.lines.push(`${line}\n`);
      }
    } catch {
      // a partial line: only the last one can be, and only after a crash
    }
  }
  return out;
}
