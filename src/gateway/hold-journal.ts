/**
 * The gateway's reservations on disk, a file beside its write-ahead spool (`<spool>.holds`): a
 * hold is written as its call is forwarded, and its end once the call's event is spooled — both
 * with the others of the same turn of the event loop, in one write (a kill inside that turn can
 * lose the holds of the calls it was forwarding: microseconds, against a write per call).
 * A gateway that is killed with calls in flight holds again, at start, what those calls may
 * still cost (the provider may bill a call whose client lost its answer) until their TTL runs
 * out — so a restart cannot re-open a budget that calls in flight had filled.
 *
 * Lines are JSON: `{"r": hold}` for a reservation, `{"e": id}` for its end. A torn last line (a
 * kill mid-write) is skipped. The file is rewritten with the live holds at start and whenever
 * it has grown long, so it stays as small as the calls in flight.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from "node:fs";

export interface JournalLine {
  key: string;
  limit: string;
  periodEnd: number;
  amount: string;
  unit: "usd" | "requests" | "tokens";
  source: string;
}

export interface JournalHold {
  holdId: string;
  expiresAt: number;
  lines: JournalLine[];
}

/** rewrite the file once this many lines were written since the last rewrite */
const COMPACT_AFTER = 20_000;

export class HoldJournal {
  private fd: number;
  private lines: string[] = [];
  private writeSoon: NodeJS.Immediate | undefined;
  private written = 0;

  constructor(private readonly path: string) {
    this.fd = openSync(path, "a");
  }

  /** the holds the file says are open and not expired at `now` */
  leftovers(now: number): JournalHold[] {
    if (!existsSync(this.path)) return [];
    const open = new Map<string, JournalHold>();
    for (const line of readFileSync(this.path, "utf8").split("\n")) {
      if (line === "") continue;
      let entry: { r?: JournalHold; e?: string };
      try {
        entry = JSON.parse(line) as { r?: JournalHold; e?: string };
      } catch {
        continue; // a torn write
      }
      if (entry.r) open.set(entry.r.holdId, entry.r);
      else if (typeof entry.e === "string") open.delete(entry.e);
    }
    return [...open.values()].filter((h) => h.expiresAt > now);
  }

  reserved(hold: JournalHold): void {
    this.add(`${JSON.stringify({ r: hold })}\n`);
  }

  /** (a lost end only keeps a hold until its TTL) */
  ended(holdId: string): void {
    this.add(`{"e":${JSON.stringify(holdId)}}\n`);
  }

  private add(line: string): void {
    this.lines.push(line);
    this.writeSoon ??= setImmediate(() => this.writeLines());
  }

  /** whether the file has grown enough to be rewritten */
  get long(): boolean {
    return this.written >= COMPACT_AFTER;
  }

  /** replace the file with just these holds (atomically: a crash leaves the old file or the new) */
  compact(live: readonly JournalHold[]): void {
    this.writeLines();
    const next = `${this.path}.next`;
    writeFileSync(next, live.map((h) => `${JSON.stringify({ r: h })}\n`).join(""));
    closeSync(this.fd);
    renameSync(next, this.path);
    this.fd = openSync(this.path, "a");
    this.written = live.length;
  }

  close(): void {
    this.writeLines();
    closeSync(this.fd);
  }

  private writeLines(): void {
    if (this.writeSoon) clearImmediate(this.writeSoon);
    this.writeSoon = undefined;
    if (this.lines.length === 0) return;
    const text = this.lines.join("");
    this.written += this.lines.length;
    this.lines = [];
    writeSync(this.fd, text);
  }
}
