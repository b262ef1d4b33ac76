/**
 * A big file cut into pieces at line ends, so that the store's native import (`./native.ts`)
 * loads a bounded piece at a time instead of the whole file.
 */
import { closeSync, fstatSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** a piece of a file, cut at a line boundary */
export interface Piece {
  path: string;
  /** lines before this piece in the original file */
  linesBefore: number;
  /** true when `path` is a temporary copy to remove after use */
  temporary: boolean;
}

/**
 * A file in pieces of at most about `maxBytes`, cut at line ends, so that an engine that loads a
 * piece whole (a database importing natively) uses memory bounded by the piece, not the file.
 * A file that fits is its own single piece; bigger ones are copied out piece by piece, each
 * piece written only when the one before has been used.
 *
 * @example
 * for (const piece of pieces("calls.jsonl", 128 << 20)) { await load(piece.path); … }
 */
export function* pieces(file: string, maxBytes: number): Generator<Piece> {
  const fd = openSync(file, "r");
  try {
    if (fstatSync(fd).size <= maxBytes) {
      yield { path: file, linesBefore: 0, temporary: false };
      return;
    }
    let buf = Buffer.allocUnsafe(maxBytes);
    let filled = 0;
    let linesBefore = 0;
    let eof = false;
    while (!eof || filled > 0) {
      if (!eof) {
        if (filled === buf.length) {
          // one line longer than a piece: grow the piece rather than cut the line
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, filled);
          buf = bigger;
        }
        const n = readSync(fd, buf, filled, buf.length - filled, null);
        if (n === 0) eof = true;
        filled += n;
        if (!eof && filled < buf.length) continue;
      }
      const cut = eof ? filled : buf.lastIndexOf(0x0a, filled - 1) + 1;
      if (cut === 0) continue;
      const path = join(tmpdir(), `tokenomics-piece-${process.pid}-${randomUUID()}.jsonl`);
      const out = openSync(path, "w");
      let lines = 0;
      try {
        writeSync(out, buf, 0, cut);
        for (let i = buf.indexOf(0x0a, 0); i !== -1 && i < cut; i = buf.indexOf(0x0a, i + 1)) lines++;
        if (cut > 0 && buf[cut - 1] !== 0x0a) lines++;
      } finally {
        closeSync(out);
      }
      try {
        yield { path, linesBefore, temporary: true };
      } finally {
        rmSync(path, { force: true });
      }
      linesBefore += lines;
      buf.copy(buf, 0, cut, filled);
      filled -= cut;
      if (eof && filled === 0) break;
    }
  } finally {
    closeSync(fd);
  }
}
