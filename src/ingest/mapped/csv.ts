/**
 * Streaming CSV (RFC 4180) with the line each record starts on, on top of `csv-parse`.
 *
 * Quoted fields may hold commas, quotes (`""`) and line breaks, so a record's line is not its
 * index: it is counted here from each record's raw text. A malformed record is reported and
 * the next one is read. Quotes are relaxed (a stray `"` inside an unquoted field is kept as
 * text): strict quoting makes csv-parse lose the records after the bad one, and the field's
 * own validation still rejects a bad value.
 */
import { createReadStream } from "node:fs";
import { parse, type CsvError, type Options } from "csv-parse";

export interface CsvRecord {
  /** 1-based line the record starts on */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  reason: string;
}

/** how many lines a raw record spans: its line breaks, whichever style */
function lineBreaks(raw: string): number {
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x0a) n++;
    else if (c === 0x0d) {
      n++;
      // \r\n is one break
      if (raw.charCodeAt(i + 1) === 0x0a) i++;
    }
  }
  return n;
}

/** csv-parse's message without its own line count (which we keep ourselves) */
function problemText(err: CsvError | undefined): string {
  if (err === undefined) return "malformed CSV record";
  if (err.code === "CSV_QUOTE_NOT_CLOSED") return "CSV: a quoted field is never closed (the rest of the file is inside it)";
  return `CSV: ${err.message.replace(/ at line \d+/, "")}`;
}

/**
 * The records of a CSV file (header included, as the first), streamed, each with the line it
 * starts on; blank lines are skipped; malformed records come as problems, in file order.
 *
 * @example
 * for await (const row of readCsv("spend.csv"))
 *   if ("fields" in row) console.log(row.line, row.fields);
 */
export async function* readCsv(file: string): AsyncGenerator<CsvRecord | CsvProblem> {
  const queue: (CsvRecord | CsvProblem)[] = [];
  let next = 1;
  const at = (raw: string | undefined): number => {
    const line = next;
    next += lineBreaks(raw ?? "");
    return line;
  };
  // records and skips are handed over through callbacks, in order and synchronously with
  // write(); nothing goes through the stream's readable side
  // with `raw`, csv-parse hands on_record the fields and the raw text together
  const options: Options<unknown, { record: string[]; raw: string }> = {
    bom: true,
    raw: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_record: ({ record, raw }) => {
      const line = at(raw);
      if (!(record.length === 1 && record[0]?.trim() === "")) queue.push({ line, fields: record });
      return null;
    },
    on_skip: (err, raw) => {
      queue.push({ line: at(raw), reason: problemText(err) });
      return undefined;
    },
  };
  // the typings tie on_record to columns; without them they assume plain arrays
  const parser = parse(options as unknown as Options);
  let failure: Error | undefined;
  parser.on("error", (e: Error) => (failure = e));
  parser.resume();
  for await (const chunk of createReadStream(file)) {
    parser.write(chunk);
    if (failure !== undefined) break;
    yield* queue.splice(0);
  }
  if (failure === undefined) parser.end();
  yield* queue.splice(0);
  if (failure !== undefined) yield { line: next, reason: `CSV: ${failure.message}` };
}
