/**
 * The thread of a `ThreadStore` (`./thread-store.ts`): opens the DuckDB ledger, then answers each
 * call as it comes. Reads run side by side (the store gives each its own connection); the
 * caller orders the writes.
 */
import { parentPort, workerData } from "node:worker_threads";
import { DuckDbStore } from "./store.js";
import { parseEventLines, THREAD_METHODS, type FromThread, type ThreadMethod, type ToThread } from "./thread-store.js";

const port = parentPort;
if (port === null) throw new Error("ledger-thread.js runs as a worker thread");
const { path } = workerData as { path: string };

const allowed = new Set<string>(THREAD_METHODS);

async function answer(store: DuckDbStore, m: ToThread): Promise<unknown> {
  if (!allowed.has(m.method)) throw new Error(`the ledger thread does not answer ${m.method}`);
  if (m.method === "appendEventLines") return store.append(parseEventLines(m.args[0] as string));
  const method = store[m.method as Exclude<ThreadMethod, "appendEventLines">] as (...a: unknown[]) => Promise<unknown>;
  return method.apply(store, m.args);
}

/** an error as it crosses: standard errors keep their kind and message, anything else becomes one */
function failed(id: number, error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  try {
    port!.postMessage({ id, error: e } satisfies FromThread);
  } catch {
    port!.postMessage({ id, error: new Error(e.message) } satisfies FromThread);
  }
}

let store: DuckDbStore | undefined;
try {
  store = await DuckDbStore.open(path);
} catch (e) {
  port.postMessage({ ready: false, error: e instanceof Error ? new Error(e.message) : new Error(String(e)) } satisfies FromThread);
  port.close();
}
if (store !== undefined) {
  const open = store;
  port.on("message", (m: ToThread) => {
    answer(open, m).then(
      (value) => port.postMessage({ id: m.id, value } satisfies FromThread),
      (error: unknown) => failed(m.id, error),
    );
  });
  port.postMessage({ ready: true } satisfies FromThread);
}
