/**
 * Gets the gateway's events into the ledger off the request path, without losing one.
 *
 * Each finished call is priced and appended to a write-ahead spool (`./spool.ts`: one `write`, no
 * waiting on the database) before its response ends, then stored in batches. Cutting a batch
 * seals the spool into a segment; a stored batch's segments are removed, one the ledger refuses
 * stays and is tried again. At start the segments left over are stored first. Storing is
 * idempotent (event ids are the ledger's key), so a replay after a crash can only complete the
 * ledger, never double it.
 *
 * A store that takes events as JSON lines (`Store.appendEventLines`: one on a thread of its own)
 * is handed the spooled lines as they are, so the event loop neither formats nor copies a batch.
 */
import type { Catalog } from "../pricing/catalog.js";
import { admittedEvent } from "../ingest/admit.js";
import type { AppendResult, Store } from "../ledger/store.js";
import type { UsageEvent, UsageRecord } from "../usage/event.js";
import { Spool } from "./spool.js";

export interface RecorderOptions {
  /** the write-ahead spool file (JSON lines; sealed segments beside it) */
  spool: string;
  /** store a batch at least this often (default 1 s: each insert has a fixed cost of some milliseconds) */
  intervalMs?: number;
  /** or as soon as this many events wait */
  batchSize?: number;
  /** a batch could not be stored (it stays spooled) */
  onError?: (error: Error) => void;
  /** events as they are priced, for live metrics */
  onEvent?: (event: UsageEvent) => void;
}

/** events waiting for the ledger, with the spool segments that hold them */
interface Batch {
  segments: string[];
  events: UsageEvent[];
  lines: string[];
}

/** the most events one store call carries when batches that waited are stored together */
const MAX_MERGED = 50_000;

export class Recorder {
  private current: Batch = { segments: [], events: [], lines: [] };
  private sealed: Batch[] = [];
  private readonly spool: Spool;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  // priced calls waiting for the one spool write of this turn of the event loop
  private waiting: string[] = [];
  private waitingEvents: UsageEvent[] = [];
  private waitingThen: (() => void)[] = [];
  private writeSoon: NodeJS.Immediate | undefined;
  private readonly batchSize: number;
  /** the store takes the spooled lines: keep those, not the events */
  private readonly asLines: boolean;
  /** events the ledger took since start (duplicates of stored ones not counted) */
  stored = 0;
  /** batches that failed and wait in the spool */
  failures = 0;

  private constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly options: RecorderOptions,
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.asLines = typeof store.appendEventLines === "function";
    this.spool = new Spool(options.spool);
    for (const left of this.spool.leftovers()) {
      if (left.events.length === 0) this.spool.remove(left.segment);
      else this.sealed.push({ segments: [left.segment], events: this.asLines ? [] : left.events, lines: this.asLines ? left.lines : [] });
    }
    this.timer = setInterval(() => void this.flush(), options.intervalMs ?? 1000);
    this.timer.unref();
  }

  /** a recorder whose spool's leftovers (from a crash, or a ledger that was down) are stored first */
  static async start(store: Store, catalog: Catalog, options: RecorderOptions): Promise<Recorder> {
    const recorder = new Recorder(store, catalog, options);
    if (recorder.sealed.length > 0) await recorder.flush();
    return recorder;
  }

  /** price and spool a finished call; it reaches the ledger with the next batch */
  record(record: UsageRecord): UsageEvent {
    const event = admittedEvent(this.catalog, record);
    const line = `${JSON.stringify(event)}\n`;
    this.spool.write(line);
    this.add(event, line);
    return event;
  }

  /**
   * price a finished call and spool it with the others that finish in the same turn of the event
   * loop — one write for all of them — then call `spooled`: the caller ends its response only
   * then, so an answered call is on disk before its answer is complete (the relay holds a whole answer's last bytes back until then)
   */
  recordThen(record: UsageRecord, spooled: () => void): UsageEvent {
    const event = admittedEvent(this.catalog, record);
    this.waiting.push(`${JSON.stringify(event)}\n`);
    this.waitingEvents.push(event);
    this.waitingThen.push(spooled);
    this.writeSoon ??= setImmediate(() => this.writeWaiting());
    return event;
  }

  /** the calls waiting for their spool write: written in one, then answered */
  private writeWaiting(): void {
    this.writeSoon = undefined;
    if (this.waiting.length === 0) return;
    const lines = this.waiting;
    const events = this.waitingEvents;
    const then = this.waitingThen;
    this.waiting = [];
    this.waitingEvents = [];
    this.waitingThen = [];
    try {
      this.spool.write(lines.length === 1 ? lines[0]! : lines.join(""));
    } catch (e) {
      // the calls are still answered and their events still go to the ledger, but not from disk
      this.options.onError?.(new Error(`spool write failed: ${(e as Error).message}`));
    }
    for (let i = 0; i < lines.length; i++) this.add(events[i]!, lines[i]!);
    for (const t of then) t();
  }

  private add(event: UsageEvent, line: string): void {
    if (this.asLines) this.current.lines.push(line);
    else this.current.events.push(event);
    this.options.onEvent?.(event);
    if (this.size(this.current) >= this.batchSize) void this.flush();
  }

  /** store what waits; resolves when it is stored (or has failed and stays spooled) */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.storeSealed());
    return this.flushing;
  }

  private size(b: Batch): number {
    return this.asLines ? b.lines.length : b.events.length;
  }

  /** seal what was recorded since the last cut, then store the sealed batches, oldest first */
  private async storeSealed(): Promise<void> {
    this.writeWaiting();
    const segment = this.spool.seal();
    if (segment !== undefined) {
      this.current.segments.push(segment);
      this.sealed.push(this.current);
      this.current = { segments: [], events: [], lines: [] };
    }
    while (this.sealed.length > 0) {
      const batch = this.merge();
      let result: AppendResult;
      try {
        result = await this.append(batch);
      } catch (e) {
        this.failures++;
        this.sealed.unshift(batch);
        this.options.onError?.(e as Error);
        return;
      }
      // what the ledger took: a replayed event already stored is not counted twice
      this.stored += result.inserted;
      for (const s of batch.segments) this.spool.remove(s);
    }
  }

  /** the oldest sealed batches, as many as fit in one store call */
  private merge(): Batch {
    const first = this.sealed.shift()!;
    let size = this.size(first);
    while (this.sealed.length > 0 && size + this.size(this.sealed[0]!) <= MAX_MERGED) {
      const next = this.sealed.shift()!;
      first.segments.push(...next.segments);
      for (const e of next.events) first.events.push(e);
      for (const l of next.lines) first.lines.push(l);
      size += this.size(next);
    }
    return first;
  }

  private append(batch: Batch): Promise<AppendResult> {
    return this.asLines ? this.store.appendEventLines!(batch.lines.join("")) : this.store.append(batch.events);
  }

  get pending(): number {
    return this.sealed.reduce((n, b) => n + this.size(b), this.size(this.current) + this.waiting.length);
  }

  /** store everything and stop; what cannot be stored stays in the spool for the next start */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    this.spool.close();
  }
}
