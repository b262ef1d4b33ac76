/**
 * Gets the gateway's events into the ledger off the request path, without losing one.
 *
 * Each finished call is priced and appended to a write-ahead spool file at once (one `write`, no
 * waiting on the database), then stored in batches. A batch that the ledger refuses stays in the
 * spool and is tried again; at start the spool is replayed. Storing is idempotent (event ids are
 * the ledger's key), so a replay after a crash can only complete the ledger, never double it.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import type { Catalog } from "../pricing/catalog.js";
import { priceRecord } from "../pricing/price-record.js";
import type { Store } from "../ledger/store.js";
import type { UsageEvent, UsageRecord } from "../usage/event.js";

export interface RecorderOptions {
  /** the write-ahead spool file (JSON lines) */
  spool: string;
  /** store a batch at least this often */
  intervalMs?: number;
  /** or as soon as this many events wait */
  batchSize?: number;
  /** a batch could not be stored (it stays spooled) */
  onError?: (error: Error) => void;
  /** events as they are priced, for live metrics */
  onEvent?: (event: UsageEvent) => void;
}

export class Recorder {
  private queue: UsageEvent[] = [];
  private fd: number;
  private timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private readonly batchSize: number;
  /** events stored since start */
  stored = 0;
  /** batches that failed and wait in the spool */
  failures = 0;

  private constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly options: RecorderOptions,
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.fd = openSync(options.spool, "a");
    this.timer = setInterval(() => void this.flush(), options.intervalMs ?? 250);
    this.timer.unref();
  }

  /** a recorder whose spool's leftovers (from a crash, or a ledger that was down) are stored first */
  static async start(store: Store, catalog: Catalog, options: RecorderOptions): Promise<Recorder> {
    const leftovers = readSpool(options.spool);
    const recorder = new Recorder(store, catalog, options);
    if (leftovers.length > 0) {
      recorder.queue.push(...leftovers);
      await recorder.flush();
    }
    return recorder;
  }

  /** price and spool a finished call; it reaches the ledger with the next batch */
  record(record: UsageRecord): UsageEvent {
    const event = priceRecord(this.catalog, record);
    writeSync(this.fd, JSON.stringify(event) + "\n");
    this.queue.push(event);
    this.options.onEvent?.(event);
    if (this.queue.length >= this.batchSize) void this.flush();
    return event;
  }

  /** store what waits; resolves when it is stored (or has failed and stays spooled) */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.storeQueued());
    return this.flushing;
  }

  private async storeQueued(): Promise<void> {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    try {
      await this.store.append(batch);
      this.stored += batch.length;
      // everything spooled so far is stored unless newer events came meanwhile: keep only those
      this.rewriteSpool(this.queue);
    } catch (e) {
      this.failures++;
      this.queue = [...batch, ...this.queue];
      this.options.onError?.(e as Error);
    }
  }

  /** the spool now holds exactly `pending` */
  private rewriteSpool(pending: readonly UsageEvent[]): void {
    const next = `${this.options.spool}.next`;
    const fd = openSync(next, "w");
    for (const e of pending) writeSync(fd, JSON.stringify(e) + "\n");
    closeSync(fd);
    closeSync(this.fd);
    renameSync(next, this.options.spool);
    this.fd = openSync(this.options.spool, "a");
  }

  get pending(): number {
    return this.queue.length;
  }

  /** store everything and stop; what cannot be stored stays in the spool for the next start */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    closeSync(this.fd);
    if (this.queue.length === 0 && existsSync(this.options.spool) && readFileSync(this.options.spool).length === 0) rmSync(this.options.spool, { force: true });
  }
}

/** the events a spool holds; a torn last line (a crash mid-write) is dropped — its call never got its answer */
function readSpool(path: string): UsageEvent[] {
  if (!existsSync(path)) return [];
  const out: UsageEvent[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const event = JSON.parse(line) as Partial<UsageEvent>;
      // only events this recorder wrote (priced) belong here; anything else would block every batch
      if (typeof event.id === "string" && typeof event.ts === "string" && event.cost !== undefined && event.usage !== undefined) out.push(event as UsageEvent);
    } catch {
      // a partial line: only the last one can be, and only after a crash
    }
  }
  return out;
}
