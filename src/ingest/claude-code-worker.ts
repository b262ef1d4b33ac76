/**
 * A worker thread of `readClaudeCodeLogs` (`./claude-code-parallel.ts`): reads the logs it is
 * given, one after the other, and posts their items back in batches, as compact JSON text
 * (`./claude-code-batch.ts`: cheaper to pass and to read back than a structured clone).
 *
 * It never runs far ahead of the reader: a batch the reader has not taken yet holds a credit,
 * and with none left the worker waits, so memory stays bounded whatever the size of a file.
 */
import { parentPort, workerData } from "node:worker_threads";
import { claudeCodeItems } from "./claude-code.js";
import { encodeItems } from "./claude-code-batch.js";
import type { FromWorker, ToWorker } from "./claude-code-parallel.js";
import type { ImportItem } from "./importer.js";

/** batches posted and not yet taken, at most */
const CREDITS = 8;

const port = parentPort;
if (port === null) throw new Error("claude-code-worker.js runs as a worker thread");
/** items per batch */
const batchSize = (workerData as { batch: number }).batch;

const jobs: { index: number; file: string }[] = [];
let credits = CREDITS;
let resume: (() => void) | undefined;
let working = false;

port.on("message", (message: ToWorker) => {
  if (message.kind === "ack") {
    credits++;
    resume?.();
    resume = undefined;
    return;
  }
  jobs.push(message);
  if (!working) void work();
});

async function post(message: FromWorker): Promise<void> {
  while (credits === 0) await new Promise<void>((r) => (resume = r));
  credits--;
  port?.postMessage(message);
}

async function work(): Promise<void> {
  working = true;
  for (let job = jobs.shift(); job !== undefined; job = jobs.shift()) {
    const { index, file } = job;
    try {
      let batch: ImportItem[] = [];
      for (const item of claudeCodeItems(file)) {
        batch.push(item);
        if (batch.length >= batchSize) {
          await post({ index, items: encodeItems(file, batch), done: false });
          batch = [];
        }
      }
      await post({ index, items: encodeItems(file, batch), done: true });
    } catch (e) {
      const error = e as NodeJS.ErrnoException;
      await post({ index, error: { message: error.message, ...(error.code !== undefined ? { code: error.code } : {}) } });
    }
  }
  working = false;
}
