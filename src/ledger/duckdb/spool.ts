import { closeSync, openSync, rmSync, writeSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { UsageEvent } from "../../usage/event.js";
import { csvLine } from "./columns.js";

/**
 * One batch on its way into DuckDB: events are written out as CSV lines as they arrive, so a
 * batch of 100k events costs a file, not 100k live objects (which the garbage collector would
 * have to carry). The first of two events with the same id wins.
 */
export class CsvSpool {
  readonly path = join(tmpdir(), `tokenomics-batch-${process.pid}-${randomUUID()}.csv`);
  private readonly fd = openSync(this.path, "w");
  private readonly ids = new Set<string>();
  private chunk: string[] = [];
  private chunkChars = 0;
  rows = 0;
  /** events repeated within this batch */
  repeats = 0;

  add(e: UsageEvent): void {
    if (this.ids.has(e.id)) {
      this.repeats++;
      return;
    }
    this.ids.add(e.id);
    const line = csvLine(e);
    this.chunk.push(line);
    this.chunkChars += line.length;
    this.rows++;
    if (this.chunkChars > 1 << 20) this.drain();
  }

  private drain(): void {
    if (this.chunk.length) writeSync(this.fd, this.chunk.join(""));
    this.chunk = [];
    this.chunkChars = 0;
  }

  /** everything written and the file closed: ready for read_csv */
  finish(): string {
    this.drain();
    closeSync(this.fd);
    return this.path;
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}
