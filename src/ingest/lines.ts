import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

/**
 * The lines of a file with 1-based numbers, streamed: memory stays constant whatever the size.
 * @example for await (const { line, text } of readLines("calls.jsonl")) …
 */
export async function* readLines(file: string): AsyncGenerator<{ line: number; text: string }> {
  const input = createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 });
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    yield { line, text };
  }
}

/** where fixture files live for tests that run from dist/ */
export function sourcePath(relativeToSrc: string): string {
  return new URL(`../../../src/${relativeToSrc}`, import.meta.url).pathname;
}
