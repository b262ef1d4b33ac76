/**
 * A file's lines with their 1-based numbers, streamed in bounded memory: how the line formats
 * (JSONL exports, session logs) are read.
 */
import { open } from "node:fs/promises";

const NEWLINE = 0x0a;

/**
 * The lines of a file with 1-based numbers, streamed: memory stays bounded by the chunk size
 * and the longest line, whatever the file's size. (readline's async iterator does not hold
 * the file back while a slow consumer works, and can end up buffering all of it.)
 * @example for await (const { line, text } of readLines("calls.jsonl")) …
 */
export async function* readLines(file: string, chunkSize = 1 << 20): AsyncGenerator<{ line: number; text: string }> {
  const handle = await open(file, "r");
  try {
    let carry: Buffer = Buffer.alloc(0);
    let line = 0;
    const chunk = Buffer.allocUnsafe(chunkSize);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunkSize, null);
      if (bytesRead === 0) break;
      // split on bytes, decode whole lines: a multi-byte character never straddles a cut
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      let start = 0;
      for (let nl = data.indexOf(NEWLINE, start); nl !== -1; nl = data.indexOf(NEWLINE, start)) {
        const end = nl > start && data[nl - 1] === 0x0d ? nl - 1 : nl;
        line++;
        yield { line, text: data.toString("utf8", start, end) };
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    if (carry.length) {
      line++;
      const end = carry[carry.length - 1] === 0x0d ? carry.length - 1 : carry.length;
      yield { line, text: carry.toString("utf8", 0, end) };
    }
  } finally {
    await handle.close();
  }
}
