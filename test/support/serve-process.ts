/**
 * `tokenomics serve` as a child process for end-to-end tests: resolves once it prints the
 * address it listens on (its stderr kept, for the assertion messages).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../../bin/tokenomics.js", import.meta.url));

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

/** `serve --port 0 --db DB` with `args` after them */
export function serveProcess(db: string, env: NodeJS.ProcessEnv, args: readonly string[] = []): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--db", db, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      const m = err.match(/listening on (http:\/\/\S+?) /);
      if (m) resolve({ child, url: m[1]!, stderr: () => err });
    });
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`tokenomics serve exited ${code} before listening: ${err}`)));
  });
}
