/**
 * Claude Code logs read on several threads. Logs are independent (each file is deduplicated on
 * its own, and the ledger keeps the first of an id), so worker threads read different files
 * while the main thread prices and stores; the items come back in file order, exactly as one
 * thread would have read them. Small imports stay on the main thread: a worker costs tens of
 * milliseconds to start.
 *
 * Each thread claims the next file nobody has from a shared counter. The main thread claims
 * too, rather than wait: the file it needs when no worker has taken it yet, and files further
 * on (a bounded number of items) while the one it needs is still being read.
 */
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { claudeCodeItems, readClaudeCodeLog } from "./read-log.js";
import { decodeItems } from "./batch.js";
import type { ImportItem } from "../importer.js";

/** below this many bytes of logs, one thread reads them all */
export const PARALLEL_MIN_BYTES = 64 << 20;

export interface ParallelOptions {
  /** worker threads (default: a core each, but one core left to price and store; at most 3); 0: none */
  threads?: number;
  /** bytes of logs from which workers are worth starting (default `PARALLEL_MIN_BYTES`) */
  minBytes?: number;
  /** items a worker sends at once (default 2000) */
  batch?: number;
}

/** what a worker is given: the files, the shared counter of the next file to claim, the batch size */
export interface WorkerSetup {
  files: readonly string[];
  next: SharedArrayBuffer;
  batch: number;
}
/** main thread → worker: items taken (credit back) */
export type ToWorker = { taken: number };
/** worker → main thread: items of file `index` (`encodeItems`), or why it could not be read */
export type FromWorker = { index: number; items: string; count: number; done: boolean } | { index: number; error: { message: string; code?: string } };

const WORKER = new URL("./worker.js", import.meta.url);

/**
 * Reads Claude Code logs, in order, with worker threads when there are enough bytes to pay
 * for them: the same items, in the same order, as `readClaudeCodeLog` on each file in turn.
 *
 * @example
 * for await (const item of readClaudeCodeLogs(files)) …
 */
export async function* readClaudeCodeLogs(files: readonly string[], options: ParallelOptions = {}): AsyncGenerator<ImportItem> {
  const sizes = files.map(sizeOf);
  const bytes = sizes.reduce((a, b) => a + b, 0);
  const threads = Math.min(options.threads ?? Math.min(availableParallelism() - 1, 3), files.length);
  if (threads < 1 || bytes < (options.minBytes ?? PARALLEL_MIN_BYTES)) {
    for (const file of files) yield* readClaudeCodeLog(file);
    return;
  }
  const pool = new ReaderPool(files, sizes, threads, options.batch ?? 2000);
  try {
    for (let index = 0; index < files.length; index++) {
      if (pool.claim(index)) yield* readClaudeCodeLog(files[index] as string);
      else for (let batch = await pool.take(index); batch !== undefined; batch = await pool.take(index)) yield* batch;
    }
  } finally {
    await pool.close();
  }
}

/** a file's size, or 0 when it cannot be read (reading it will say why, in its turn) */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

interface FileResult {
  /** the worker that reads it, or undefined when this thread read it ahead */
  worker: Worker | undefined;
  /** batches received and not yet taken: a worker's (text, and the items it holds) or this thread's */
  batches: ({ text: string; count: number } | ImportItem[])[];
  done: boolean;
  error?: { message: string; code?: string };
}

/** items this thread reads ahead, at most, while the file it needs is still being read */
const OWN_AHEAD = 20_000;
/** files it reads ahead are read whole: small ones only (workers stream the big ones) */
const OWN_AHEAD_FILE = 16 << 20;

/** worker threads, each claiming the next file to read until none is left */
class ReaderPool {
  private readonly workers: Worker[] = [];
  /** shared with the workers: the next file nobody has claimed */
  private readonly next = new Int32Array(new SharedArrayBuffer(4));
  private readonly results = new Map<number, FileResult>();
  /** items this thread read ahead and has not taken yet */
  private ownAhead = 0;
  private failure: Error | undefined;
  private closing = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly files: readonly string[],
    private readonly sizes: readonly number[],
    threads: number,
    batch: number,
  ) {
    const setup: WorkerSetup = { files, next: this.next.buffer as SharedArrayBuffer, batch };
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(WORKER, { workerData: setup });
      worker.on("message", (message: FromWorker) => this.receive(worker, message));
      worker.on("error", (e) => this.fail(e));
      worker.on("exit", (code) => {
        if (!this.closing) this.fail(new Error(`a Claude Code log reader thread stopped (exit code ${code})`));
      });
      this.workers.push(worker);
    }
  }

  /** claims file `index` for this thread, when no worker has */
  claim(index: number): boolean {
    return Atomics.compareExchange(this.next, 0, index, index + 1) === index;
  }

  /** the next batch of file `index` (a worker's; files are taken in order), or undefined when it is all read */
  async take(index: number): Promise<ImportItem[] | undefined> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      const result = this.results.get(index);
      if (result !== undefined) {
        const batch = result.batches.shift();
        if (Array.isArray(batch)) {
          this.ownAhead -= batch.length;
          return batch;
        }
        if (batch !== undefined) {
          result.worker?.postMessage({ taken: batch.count } satisfies ToWorker);
          return decodeItems(batch.text);
        }
        if (result.error !== undefined)
          throw Object.assign(new Error(result.error.message), result.error.code !== undefined ? { code: result.error.code } : {});
        if (result.done) {
          this.results.delete(index);
          // let the workers' messages in: the caller may take many items without a pause
          await new Promise<void>((r) => setImmediate(r));
          return undefined;
        }
      }
      // rather than wait, read a file nobody has claimed yet
      if (this.readAhead()) await new Promise<void>((r) => setImmediate(r));
      else await new Promise<void>((r) => (this.wake = r));
    }
  }

  /** reads the next unclaimed file on this thread, a small one within `OWN_AHEAD` items; false if it may not */
  private readAhead(): boolean {
    const index = Atomics.load(this.next, 0);
    if (this.ownAhead >= OWN_AHEAD || index >= this.files.length || (this.sizes[index] ?? 0) > OWN_AHEAD_FILE || !this.claim(index)) return false;
    const result: FileResult = { worker: undefined, batches: [], done: true };
    this.results.set(index, result);
    try {
      const items = [...claudeCodeItems(this.files[index] as string)];
      result.batches.push(items);
      this.ownAhead += items.length;
    } catch (e) {
      const error = e as NodeJS.ErrnoException;
      result.error = { message: error.message, ...(error.code !== undefined ? { code: error.code } : {}) };
    }
    return true;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.wake = undefined;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private receive(worker: Worker, message: FromWorker): void {
    let result = this.results.get(message.index);
    if (result === undefined) {
      result = { worker, batches: [], done: false };
      this.results.set(message.index, result);
    }
    if ("error" in message) {
      result.error = message.error;
      result.done = true;
    } else {
      result.batches.push({ text: message.items, count: message.count });
      result.done = message.done;
    }
    this.wakeUp();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
