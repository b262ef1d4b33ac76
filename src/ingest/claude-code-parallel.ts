/**
 * Claude Code logs read on several threads. Logs are independent (each file is deduplicated on
 * its own, and the ledger keeps the first of an id), so worker threads read different files
 * while the main thread prices and stores; the items come back in file order, exactly as one
 * thread would have read them. Small imports stay on the main thread: a worker costs tens of
 * milliseconds to start.
 */
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { readClaudeCodeLog } from "./claude-code.js";
import { decodeItems } from "./claude-code-batch.js";
import type { ImportItem } from "./importer.js";

/** below this many bytes of logs, one thread reads them all */
export const PARALLEL_MIN_BYTES = 64 << 20;
/** bytes of logs handed to workers ahead of the file being taken, at most (one file always) */
const AHEAD_BYTES = 128 << 20;

export interface ParallelOptions {
  /** worker threads (default: a core each, but one core left to price and store; at most 3); 0: none */
  threads?: number;
  /** bytes of logs from which workers are worth starting (default `PARALLEL_MIN_BYTES`) */
  minBytes?: number;
  /** items a worker sends at once (default 2000) */
  batch?: number;
}

/** main thread → worker: a file to read, or a batch taken (a credit back) */
export type ToWorker = { kind: "read"; index: number; file: string } | { kind: "ack" };
/** worker → main thread: items of file `index` (`encodeItems`), or why it could not be read */
export type FromWorker = { index: number; items: string; done: boolean } | { index: number; error: { message: string; code?: string } };

const WORKER = new URL("./claude-code-worker.js", import.meta.url);

/**
 * Reads Claude Code logs, in order, with worker threads when there are enough bytes to pay
 * for them: the same items, in the same order, as `readClaudeCodeLog` on each file in turn.
 *
 * @example
 * for await (const item of readClaudeCodeLogs(files)) …
 */
export async function* readClaudeCodeLogs(files: readonly string[], options: ParallelOptions = {}): AsyncGenerator<ImportItem> {
  const sizes = files.map(sizeOf);
  const threads = Math.min(options.threads ?? Math.min(availableParallelism() - 1, 3), files.length);
  if (threads < 1 || sizes.reduce((a, b) => a + b, 0) < (options.minBytes ?? PARALLEL_MIN_BYTES)) {
    for (const file of files) yield* readClaudeCodeLog(file);
    return;
  }
  const pool = new ReaderPool(files, sizes, threads, options.batch ?? 2000);
  try {
    for (let index = 0; index < files.length; index++) {
      for (let batch = await pool.take(index); batch !== undefined; batch = await pool.take(index)) yield* batch;
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
  thread: Thread;
  /** batches received and not yet taken */
  batches: string[];
  done: boolean;
  error?: { message: string; code?: string };
}

interface Thread {
  worker: Worker;
  /** bytes of logs handed to it and not read yet */
  queued: number;
}

/** worker threads, each reading the files it is handed in turn */
class ReaderPool {
  private readonly threads: Thread[] = [];
  private readonly results = new Map<number, FileResult>();
  /** the next file to hand out */
  private next = 0;
  /** the file being taken */
  private taking = 0;
  /** bytes handed out and not yet taken */
  private ahead = 0;
  private failure: Error | undefined;
  private closing = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly files: readonly string[],
    private readonly sizes: readonly number[],
    threads: number,
    batch: number,
  ) {
    for (let i = 0; i < threads; i++) {
      const thread: Thread = { worker: new Worker(WORKER, { workerData: { batch } }), queued: 0 };
      thread.worker.on("message", (message: FromWorker) => this.receive(thread, message));
      thread.worker.on("error", (e) => this.fail(e));
      thread.worker.on("exit", (code) => {
        if (!this.closing) this.fail(new Error(`a Claude Code log reader thread stopped (exit code ${code})`));
      });
      this.threads.push(thread);
    }
    this.handOut();
  }

  /** the next batch of file `index` (files are taken in order), or undefined when it is all read */
  async take(index: number): Promise<ImportItem[] | undefined> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      const result = this.results.get(index);
      if (result !== undefined) {
        const batch = result.batches.shift();
        if (batch !== undefined) {
          result.thread.worker.postMessage({ kind: "ack" } satisfies ToWorker);
          return decodeItems(batch);
        }
        if (result.error !== undefined) throw Object.assign(new Error(result.error.message), result.error.code !== undefined ? { code: result.error.code } : {});
        if (result.done) {
          this.results.delete(index);
          this.ahead -= this.sizes[index] ?? 0;
          this.taking = index + 1;
          this.handOut();
          // let the workers' messages in: the caller may take many items without a pause
          await new Promise<void>((r) => setImmediate(r));
          return undefined;
        }
      }
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.wake = undefined;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  /** hand files to the least busy threads, up to `AHEAD_BYTES` ahead of the one being taken */
  private handOut(): void {
    while (this.next < this.files.length && (this.next === this.taking || this.ahead < AHEAD_BYTES)) {
      const index = this.next++;
      const size = this.sizes[index] ?? 0;
      const thread = this.threads.reduce((a, b) => (b.queued < a.queued ? b : a));
      thread.queued += size;
      this.ahead += size;
      this.results.set(index, { thread, batches: [], done: false });
      thread.worker.postMessage({ kind: "read", index, file: this.files[index] as string } satisfies ToWorker);
    }
  }

  private receive(thread: Thread, message: FromWorker): void {
    const result = this.results.get(message.index);
    if (result === undefined) return;
    if ("error" in message) {
      result.error = message.error;
      result.done = true;
    } else {
      result.batches.push(message.items);
      result.done = message.done;
    }
    if (result.done) thread.queued -= this.sizes[message.index] ?? 0;
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
