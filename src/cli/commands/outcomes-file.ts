import { extname } from "node:path";
import { parse } from "csv-parse/sync";
import { OUTCOME_FIELDS, OutcomeError, validateOutcome, type Outcome } from "../../ledger/outcome.js";
import { UsageError } from "../errors.js";

/** a line of an outcomes file that was not imported, and why; `field` names the culprit */
export interface OutcomeReject {
  file: string;
  line: number;
  field: string;
  reason: string;
}

export interface OutcomesRead {
  outcomes: Outcome[];
  rejects: OutcomeReject[];
}

/**
 * The outcomes in one file: CSV with a header (`id,trace_id,kind,at,success,value_usd`) or JSON
 * lines with the same fields. As for usage imports, a bad line is handed back with its line and
 * field and the good ones are kept; a file that cannot be read as either format at all (an
 * unknown or missing column) is a UsageError.
 * @example readOutcomes("id,trace_id,kind,at\no1,t1,conversion,2026-10-01\n", "o.csv").outcomes[0].kind // "conversion"
 */
export function readOutcomes(text: string, file: string): OutcomesRead {
  const body = text.replace(/^\uFEFF/, "");
  const ext = extname(file).toLowerCase();
  const jsonLines = ext === ".jsonl" || ext === ".ndjson" || ext === ".json" || (ext !== ".csv" && body.trimStart().startsWith("{"));
  return jsonLines ? readJsonLines(body, file) : readCsv(body, file);
}

function rejectOf(file: string, line: number, e: unknown): OutcomeReject {
  if (e instanceof OutcomeError) return { file, line, field: e.field, reason: e.message };
  throw e;
}

function readJsonLines(text: string, file: string): OutcomesRead {
  const out: OutcomesRead = { outcomes: [], rejects: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      out.rejects.push({ file, line: i + 1, field: "line", reason: `line: not valid JSON (${(e as Error).message})` });
      return;
    }
    try {
      out.outcomes.push(validateOutcome(value));
    } catch (e) {
      out.rejects.push(rejectOf(file, i + 1, e));
    }
  });
  return out;
}

function readCsv(text: string, file: string): OutcomesRead {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // a row with too many or too few fields is that row's fault, not the file's
    records = parse(text, { info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    throw new UsageError(`${file}: not valid CSV (${(e as Error).message})`);
  }
  const header = records.shift()?.record ?? [];
  for (const column of header) {
    if (!(OUTCOME_FIELDS as readonly string[]).includes(column))
      throw new UsageError(`${file}:1: header: unknown column "${column}" (expected ${OUTCOME_FIELDS.join(", ")})`);
  }
  for (const need of ["id", "trace_id", "kind", "at"]) {
    if (!header.includes(need)) throw new UsageError(`${file}:1: header: missing column "${need}" (expected ${OUTCOME_FIELDS.join(", ")})`);
  }
  const out: OutcomesRead = { outcomes: [], rejects: [] };
  for (const { record, info } of records) {
    if (record.length !== header.length) {
      out.rejects.push({ file, line: info.lines, field: "line", reason: `line: ${record.length} fields where the header has ${header.length}` });
      continue;
    }
    // an empty cell is an absent field: success defaults to true, value_usd to none
    const value = Object.fromEntries(header.map((h, i) => [h, record[i]!]).filter(([, v]) => v !== ""));
    try {
      out.outcomes.push(validateOutcome(value));
    } catch (e) {
      out.rejects.push(rejectOf(file, info.lines, e));
    }
  }
  return out;
}
