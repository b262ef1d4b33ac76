/**
 * A worker thread of `readClaudeCodeLogs` (`./parallel.ts`): claims the next log
 * nobody has claimed, reads it, posts its items back in batches as compact JSON text
 * (`./batch.ts`: cheaper to pass and to read back than a structured clone), and
 * goes on until no log is left.
 *
 * It never runs far ahead of the reader: items posted and not yet taken hold credit, and with
 * none left the worker waits, so memory stays bounded whatever the size of a file.
 */
import { parentPort, workerData } from "node:worker_threads";
import { claudeCodeItems } from "./read-log.js";
import { encodeItems } from "./batch.js";
import type { FromWorker, ToWorker, WorkerSetup } from "./parallel.js";
import type { ImportItem } from "../importer.js";

const port = parentPort;
if (port === null) throw new Error("claude-code-worker.js runs as a worker thread");
const { files, next, batch: batchSize } = workerData as WorkerSetup;
const claimed = new Int32Array(next);

/** items posted and not yet taken, at most (a message counts as one item at least) */
let credit = batchSize * 8;
let resume: (() => void) | undefined;

port.on("message", (message: ToWorker) => {
  credit += message.taken;
  resume?.();
  resume = undefined;
});

async function post(message: FromWorker, count: number): Promise<void> {
  while (credit <= 0) await new Promise<void>((r) => (resume = r));
  credit -= count;
  port?.postMessage(message);
}

async function send(index: number, file: string, items: ImportItem[], done: boolean): Promise<void> {
  const count = Math.max(1, items.length);
  await post({ index, items: encodeItems(file, items), count, done }, count);
}

for (let index = Atomics.add(claimed, 0, 1); index < files.length; index = Atomics.add(claimed, 0, 1)) {
  const file = files[index] as string;
  try {
    let batch: ImportItem[] = [];
    for (const item of claudeCodeItems(file)) {
      batch.push(item);
      if (batch.length >= batchSize) {
        await send(index, file, batch, false);
        batch = [];
      }
    }
    await send(index, file, batch, true);
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    await post({ index, error: { message: error.message, ...(error.code !== undefined ? { code: error.code } : {}) } }, 1);
  }
}
