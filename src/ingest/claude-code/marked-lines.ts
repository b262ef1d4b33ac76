/**
 * A fast line scanner for big JSONL logs: only the lines that contain a marker are decoded.
 *
 * Claude Code logs are mostly user turns and tool results; the assistant lines that carry
 * usage are a minority. Decoding and parsing every line is what makes readers slow, so this
 * reads raw bytes, finds lines and markers with `indexOf` (memchr speed; the marker from its
 * rarest byte, `./marker.ts`), and hands back as text only the lines that contain
 * the marker — plus any line that does not even look like a JSON object, so that a truncated
 * or garbage line is still reported instead of skipped.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { MarkerFinder } from "./marker.js";

/** a line worth a closer look */
export interface ScannedLine {
  /** 1-based line number */
  line: number;
  /** the line decoded with the scan's encoding */
  text: string;
  /** true: the line holds the marker; false: it does not look like a JSON object at all */
  marked: boolean;
}

const NEWLINE = 0x0a;
/** files up to this size get a buffer of their own */
const SMALL_FILE = 64 << 10;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** space, tab, carriage return */
function isBlank(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d;
}

/** whether bytes [start, end) are blank, or a `{ … }` span (which may hold any json object) */
function looksLikeObjectOrBlank(buf: Buffer, start: number, end: number): boolean {
  let a = start;
  let b = end - 1;
  while (a <= b && isBlank(buf[a])) a++;
  while (b >= a && isBlank(buf[b])) b--;
  return a > b || (buf[a] === OPEN_BRACE && buf[b] === CLOSE_BRACE);
}

/**
 * The lines of a file that contain `marker`, and those that are not even shaped like a JSON
 * object, in batches (one per chunk read), with 1-based line numbers. Memory stays bounded by
 * the chunk size and the longest line.
 *
 * `latin1` maps each byte to one character: three times faster to decode than utf-8 on text
 * with non-ascii characters, and it keeps strings one-byte for `JSON.parse`. JSON structure is
 * ascii, so such a line still parses; string values with non-ascii characters then need
 * `fromLatin1` to read right.
 *
 * @example
 * for (const batch of scanMarkedLines("session.jsonl", '"usage"'))
 *   for (const { line, text, marked } of batch) …
 */
export function* scanMarkedLines(file: string, marker: string, encoding: "utf8" | "latin1" = "utf8", chunkSize = 4 << 20): Generator<ScannedLine[]> {
  const finder = new MarkerFinder(Buffer.from(marker, "utf8"));
  // synchronous reads: a thread-pool round trip per read costs more than the read itself on
  // the many small files of a projects folder; callers yield between batches anyway
  const fd = openSync(file, "r");
  let buf: Buffer | undefined;
  try {
    // a small file gets a buffer its size (plus one byte, so that one read reaches the end); the
    // others share chunk-size buffers from file to file, as fresh memory costs a page fault a page
    const size = fstatSync(fd).size + 1;
    buf = size <= Math.min(SMALL_FILE, chunkSize) ? Buffer.allocUnsafe(Math.max(64, size)) : takeBuffer(chunkSize);
    let filled = 0;
    let lineNo = 0;
    let eof = false;
    let first = true;
    while (!eof) {
      // a line longer than the buffer: grow it rather than split the line
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const bytesRead = readSync(fd, buf, filled, buf.length - filled, null);
      if (bytesRead === 0) eof = true;
      filled += bytesRead;
      const view = buf.subarray(0, filled);
      let start = 0;
      // a utf-8 byte order mark is not part of the first line
      if (first && filled >= 3 && view[0] === 0xef && view[1] === 0xbb && view[2] === 0xbf) start = 3;
      if (first) finder.tune(view);
      if (filled > 0) first = false;
      const out: ScannedLine[] = [];
      // the next marker at or after `start`; found once per marker, not once per line
      let hit = finder.find(view, start);
      while (start < filled) {
        let end = view.indexOf(NEWLINE, start);
        if (end === -1) {
          if (!eof) break;
          end = filled;
        }
        lineNo++;
        if (hit !== -1 && hit < start) hit = finder.find(view, start);
        if (hit !== -1 && hit < end) {
          out.push({ line: lineNo, text: view.toString(encoding, start, end), marked: true });
        } else if (!looksLikeObjectOrBlank(view, start, end)) {
          out.push({ line: lineNo, text: view.toString(encoding, start, end), marked: false });
        }
        start = end + 1;
      }
      // keep the unfinished last line for the next read
      if (start < filled) buf.copy(buf, 0, start, filled);
      filled = Math.max(0, filled - start);
      if (out.length > 0) yield out;
    }
  } finally {
    closeSync(fd);
    if (buf?.length === chunkSize) giveBack(buf);
  }
}

/** read buffers of a chunk size, free for the next file (a few per size) */
const spareBuffers = new Map<number, Buffer[]>();

function takeBuffer(size: number): Buffer {
  return spareBuffers.get(size)?.pop() ?? Buffer.allocUnsafeSlow(size);
}

function giveBack(buf: Buffer): void {
  const spare = spareBuffers.get(buf.length) ?? [];
  spareBuffers.set(buf.length, spare);
  if (spare.length < 2) spare.push(buf);
}

/**
 * A string decoded as latin1 (bytes as characters) read as the utf-8 it was. Ascii passes
 * through; so does a string that cannot be latin1-decoded utf-8 (a character above U+00FF, which
 * only a `\u` escape can make, or bytes that are not valid utf-8).
 *
 * @example
 * fromLatin1(Buffer.from("/home/josé").toString("latin1")); // "/home/josé"
 */
export function fromLatin1(text: string): string {
  // eslint-disable-next-line no-control-regex
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is for bytes outside ASCII / Latin-1 ranges, control characters included
  if (!/[^\x00-\x7f]/.test(text) || /[^\x00-\xff]/.test(text)) return text;
  const decoded = Buffer.from(text, "latin1").toString("utf8");
  return decoded.includes("\ufffd") ? text : decoded;
}
