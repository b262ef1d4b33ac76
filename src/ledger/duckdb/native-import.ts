import type { DuckDBConnection } from "@duckdb/node-api";
import { toScaled } from "../../pricing/money.js";
import { USAGE_FIELDS, type UsageField } from "../../usage/usage.js";
import type { CountName, JsonLinesOptions, JsonLinesPlan, JsonLinesResult } from "../native-import-plan.js";
import { MAX_EVENT_USD } from "../store.js";
import { MONEY, MONEY_PLACES, trimDecimal } from "./columns.js";

/**
 * A `JsonLinesPlan` run as SQL: DuckDB reads the file (its CSV reader, one column per line, keeps
 * the file's order, so row n is line n), parses each line with its JSON functions, checks every
 * field the plan reads, normalises the counts by the plan's convention, prices with per-model
 * rate cards joined as a table, and inserts in one statement. A line any check fails is handed
 * back for the exact reading.
 */

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
// 1e11 seconds is the year 5138: larger numbers are read as milliseconds by the exact reading
const MAX_UNIX_SECONDS = 1e11;
const MAX_EVENT_SCALED = toScaled(MAX_EVENT_USD, MONEY_PLACES).toString();
const TO_MONEY = `0.${"0".repeat(MONEY_PLACES - 1)}1`;

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const id = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const list = (xs: readonly string[]): string => `[${xs.map(lit).join(", ")}]`;

const isCount = (v: string): string => `(${v} IS NULL OR regexp_full_match(${v}::VARCHAR, '[0-9]{1,15}'))`;
const isString = (v: string): string => `(${v} IS NULL OR json_type(${v}) = 'VARCHAR')`;
const isNumber = (v: string): string => `(${v} IS NULL OR (json_type(${v}) IN ('UBIGINT', 'DOUBLE') AND ${v}::DOUBLE >= 0))`;

/**
 * The statements that turn the lines table into `tk_parsed`, one row per line the plan covers.
 * Each step is its own table: DuckDB inlines CTEs, and a JSON expression used by several checks
 * would be parsed again for each.
 */
function parseSteps(plan: JsonLinesPlan, defaults: Readonly<Record<string, string>>, linesBefore: number): string[] {
  const { body, usage, envelope } = plan;
  const bodyKeys = [...new Set([body.typeKey, body.idKey, body.modelKey, body.unixSecondsKey, body.usageKey, ...Object.keys(body.plain)])];
  const envelopeKeys = [envelope.tsKey, ...Object.keys(envelope.strings), ...Object.keys(envelope.numbers)];
  const leaves = (keys: Iterable<string>): Record<string, string> => Object.fromEntries([...new Set(keys)].map((k) => [k, "JSON"]));
  // one parse of the line: the envelope's fields, a bare body's, and the enveloped body's
  const top = lit(JSON.stringify({ ...leaves([...bodyKeys, ...envelopeKeys, ...envelope.unsupported]), [body.envelopeKey]: leaves(bodyKeys) }));
  const paths = [...Object.values(usage.counts), ...usage.alsoAllowed];
  const usageTop = [...new Set(paths.map((p) => p[0]))];
  const nested = [...new Set(paths.filter((p) => p.length === 2).map((p) => p[0]))];
  const nestedKeys = (n: string): string[] => [...new Set(paths.filter((p) => p.length === 2 && p[0] === n).map((p) => p[1]!))];
  const leaf = (p: readonly string[]): string => (p.length === 1 ? `u.${id(p[0]!)}` : `d_${nested.indexOf(p[0]!)}.${id(p[1]!)}`);
  const raw = (c: CountName): string => {
    const p = usage.counts[c];
    return p ? `coalesce((${leaf(p)})::VARCHAR::BIGINT, 0)` : "0";
  };
  const conv = plan.convention;
  const inputParts = [
    conv.inputIncludesCacheRead && "cacheRead",
    conv.inputIncludesCacheWrite && "cacheWrite5m",
    conv.inputIncludesCacheWrite && "cacheWrite1h",
    conv.inputIncludesAudio && "audioInput",
  ].filter((x): x is CountName => typeof x === "string");
  const outputParts = [conv.outputIncludesReasoning && "reasoning", conv.outputIncludesAudio && "audioOutput"].filter(
    (x): x is CountName => typeof x === "string",
  );
  const classes: Record<UsageField, string> = {
    input: [raw("input"), ...inputParts.map(raw)].join(" - "),
    cached_input: raw("cacheRead"),
    cache_write: raw("cacheWrite5m"),
    cache_write_1h: raw("cacheWrite1h"),
    output: [raw("output"), ...outputParts.map(raw)].join(" - "),
    reasoning: raw("reasoning"),
    audio_input: raw("audioInput"),
    audio_output: raw("audioOutput"),
    images: raw("images"),
    audio_seconds: raw("audioSeconds"),
    web_searches: raw("webSearches"),
    requests: "1",
  };
  const b = (k: string): string => id(`b_${k}`);
  const e = (k: string): string => id(`e_${k}`);
  const str = (v: string): string => `(${v}->>'$')`;
  const plain = Object.entries(body.plain).map(([k, allowed]) =>
    allowed.length === 0 ? `${b(k)} IS NULL` : `(${b(k)} IS NULL OR (json_type(${b(k)}) = 'VARCHAR' AND ${str(b(k))} IN (${allowed.map(lit).join(", ")})))`,
  );
  const ts = e(envelope.tsKey);
  const attribution = new Set(["org", "team", "project", "feature", "customer", "user", "api_key_id", "environment"]);
  const stringColumns = Object.entries(envelope.strings);
  const stringValue = (k: string, column: string): string => {
    const fallback = attribution.has(column) && defaults[column] !== undefined ? lit(defaults[column]) : "NULL";
    return `CASE WHEN ${e(k)} IS NULL THEN ${fallback} ELSE nullif(${str(e(k))}, '') END`;
  };
  const unmapped = [...attribution].filter((c) => !stringColumns.some(([, col]) => col === c) && defaults[c] !== undefined);
  const bareOnly = [body.envelopeKey, ...envelope.unsupported.filter((x) => !bodyKeys.includes(x))];
  return [
    `CREATE TEMP TABLE tk_t AS SELECT rowid + 1 + ${linesBefore} AS line, json_transform(text, ${top}) AS t
     FROM tk_lines WHERE regexp_matches(text, '^\\s*\\{') AND json_valid(text)`,
    // the body: the line itself (no envelope key, no envelope fields read) or the envelope's
    `CREATE TEMP TABLE tk_b AS
     WITH s AS (
       SELECT line, t, ${str(`t.${id(body.typeKey)}`)} = ${lit(body.typeValue)} AND ${bareOnly.map((k) => `t.${id(k)} IS NULL`).join(" AND ")} AS bare
       FROM tk_t
     ), f AS (
       SELECT line, bare,
         ${bodyKeys.map((k) => `CASE WHEN bare THEN t.${id(k)} ELSE t.${id(body.envelopeKey)}.${id(k)} END AS ${b(k)}`).join(",\n         ")},
         ${envelopeKeys.map((k) => `CASE WHEN bare THEN NULL ELSE t.${id(k)} END AS ${e(k)}`).join(",\n         ")}
       FROM s
       WHERE bare OR (t.${id(body.typeKey)} IS NULL AND ${envelope.unsupported.map((k) => `t.${id(k)} IS NULL`).join(" AND ")})
     )
     SELECT * FROM f WHERE ${[
       `${str(b(body.typeKey))} = ${lit(body.typeValue)}`,
       `json_type(${b(body.idKey)}) = 'VARCHAR' AND ${str(b(body.idKey))} <> ''`,
       `json_type(${b(body.modelKey)}) = 'VARCHAR' AND ${str(b(body.modelKey))} <> ''`,
       `json_type(${b(body.usageKey)}) = 'OBJECT'`,
       ...plain,
       // a time: the envelope's UTC instant, else the body's unix seconds
       `(${ts} IS NULL OR (json_type(${ts}) = 'VARCHAR' AND regexp_full_match(${str(ts)}, '\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,3})?Z') AND TRY_CAST(rtrim(${str(ts)}, 'Z') AS TIMESTAMP) IS NOT NULL))`,
       `(${ts} IS NOT NULL OR (json_type(${b(body.unixSecondsKey)}) = 'UBIGINT' AND ${b(body.unixSecondsKey)}::UBIGINT < ${MAX_UNIX_SECONDS}))`,
       ...Object.keys(envelope.strings).map((k) => isString(e(k))),
       ...Object.keys(envelope.numbers).map((k) => isNumber(e(k))),
     ].join("\n       AND ")}`,
    `CREATE TEMP TABLE tk_u AS SELECT *, json_transform(${b(body.usageKey)}, ${lit(JSON.stringify(leaves(usageTop)))}) AS u
     FROM tk_b WHERE list_has_all(${list(usageTop)}, json_keys(${b(body.usageKey)}))`,
    `CREATE TEMP TABLE tk_parsed AS
     WITH d AS (
       SELECT *${nested.map((n, i) => `, json_transform(u.${id(n)}, ${lit(JSON.stringify(leaves(nestedKeys(n))))}) AS d_${i}`).join("")}
       FROM tk_u
       WHERE ${nested.map((n) => `(u.${id(n)} IS NULL OR (json_type(u.${id(n)}) = 'OBJECT' AND list_has_all(${list(nestedKeys(n))}, json_keys(u.${id(n)}))))`).join(" AND ") || "true"}
     ), n AS (
       SELECT line,
         ${lit(plan.idPrefix)} || ${str(b(body.idKey))} AS id,
         CASE WHEN ${ts} IS NOT NULL THEN CAST(rtrim(${str(ts)}, 'Z') AS TIMESTAMP) ELSE make_timestamp(${b(body.unixSecondsKey)}::BIGINT * 1000000) END AS ts,
         ${str(b(body.modelKey))} AS model,
         ${USAGE_FIELDS.map((f) => `${classes[f]} AS ${id(f)}`).join(",\n         ")},
         ${b(body.usageKey)}::VARCHAR AS raw_usage,
         ${stringColumns.map(([k, col]) => `${stringValue(k, col)} AS ${id(col)}`).join(",\n         ")}${unmapped.map((c) => `,\n         ${lit(defaults[c]!)} AS ${id(c)}`).join("")}${Object.entries(
           envelope.numbers,
         )
           .map(([k, col]) => `,\n         ${e(k)}::DOUBLE AS ${id(col)}`)
           .join("")}
       FROM d
       WHERE ${paths.map((p) => isCount(leaf(p))).join("\n         AND ")}
     )
     SELECT * FROM n WHERE input >= 0 AND output >= 0`,
  ];
}

/** `tk_priced`: the parsed lines priced with their rate cards, the lines a card cannot price exactly left out */
function insertSql(_plan: JsonLinesPlan, parsedColumns: readonly string[], sourceFile: string): string {
  const amount = (f: UsageField): string => `CASE WHEN p.${id(f)} <> 0 THEN p.${id(f)}::HUGEINT * c.${id(`r_${f}`)} END`;
  const money = (v: string): string => `(${v}::DECIMAL(38,0) * ${TO_MONEY})::${MONEY}`;
  const passthrough = parsedColumns.filter(
    (c) => c !== "line" && !(USAGE_FIELDS as readonly string[]).includes(c) && c !== "id" && c !== "ts" && c !== "model" && c !== "raw_usage",
  );
  return `
CREATE TEMP TABLE tk_priced AS
WITH p AS (
  SELECT p.*, p.ts::DATE AS day, ${USAGE_FIELDS.filter((f) => f !== "requests")
    .map((f) => `p.${id(f)} = 0`)
    .join(" AND ")} AS zero,
    p.input + p.cached_input + p.cache_write + p.cache_write_1h + p.audio_input AS prompt
  FROM tk_parsed p
), a AS (
  SELECT p.*, c.priced AS card_priced, c.resolved, c.version_from AS card_from, c.reason, c.exact, c.linear_up_to,
    ${USAGE_FIELDS.map((f) => `${amount(f)} AS ${id(`a_${f}`)}`).join(",\n    ")},
    ${USAGE_FIELDS.map((f) => `(p.${id(f)} = 0 OR c.${id(`r_${f}`)} IS NOT NULL)`).join(" AND ")} AS rated
  FROM p JOIN tk_cards c ON c.model = p.model AND c.day = p.day
), t AS (
  SELECT *, ${USAGE_FIELDS.map((f) => `coalesce(${id(`a_${f}`)}, 0)`).join(" + ")} AS total13 FROM a
)
SELECT line, id, ts, model, ${USAGE_FIELDS.map(id).join(", ")}, raw_usage, ${passthrough.map(id).join(", ")},
  zero OR card_priced AS priced,
  CASE WHEN zero THEN 0::${MONEY} WHEN card_priced THEN ${money("total13")} END AS total_usd,
  ${USAGE_FIELDS.map((f) => `CASE WHEN card_priced AND NOT zero THEN ${money(id(`a_${f}`))} END AS ${id(`cost_${f}`)}`).join(",\n  ")},
  resolved AS resolved_model,
  CASE WHEN card_priced THEN card_from END AS version_from,
  CASE WHEN NOT zero AND NOT card_priced THEN reason END AS unpriced_reason,
  ${lit(sourceFile)} AS source_file
FROM t
WHERE zero OR NOT card_priced OR (exact AND prompt <= linear_up_to AND rated AND total13 <= ${MAX_EVENT_SCALED})`;
}

/**
 * Import a JSON-lines file by a plan (see `JsonLinesPlan`): everything the plan covers in one
 * atomic insert; the rest handed back by line number. `undefined` when DuckDB cannot read the
 * file as lines at all (not utf-8, say): then nothing was imported.
 */
export async function importJsonLines(
  db: DuckDBConnection,
  file: string,
  plan: JsonLinesPlan,
  options: JsonLinesOptions,
): Promise<JsonLinesResult | undefined> {
  const drop = async (): Promise<void> => {
    for (const t of ["tk_lines", "tk_all", "tk_t", "tk_b", "tk_u", "tk_parsed", "tk_cards", "tk_priced"]) await db.run(`DROP TABLE IF EXISTS ${t}`);
  };
  await drop();
  try {
    await db.run(
      `CREATE TEMP TABLE tk_lines AS SELECT column0 AS text FROM read_csv($file, columns = {'column0': 'VARCHAR'}, header = false,
        delim = chr(1), quote = '', escape = '', auto_detect = false, max_line_size = 1073741824)`,
      { file },
    );
  } catch {
    await drop();
    return undefined;
  }
  try {
    // each step's input is dropped once the next is built: memory holds about two copies of a step
    const steps = parseSteps(plan, options.defaults ?? {}, options.linesBefore ?? 0);
    await db.run(steps[0]!);
    await db.run(`CREATE TEMP TABLE tk_all AS SELECT rowid + 1 + ${options.linesBefore ?? 0} AS line FROM tk_lines WHERE text IS NOT NULL`);
    await db.run("DROP TABLE tk_lines");
    for (const [i, step] of steps.slice(1).entries()) {
      await db.run(step);
      await db.run(`DROP TABLE ${["tk_t", "tk_b", "tk_u"][i]}`);
    }
    await loadCards(db, options);
    const parsedColumns = (await db.runAndReadAll("SELECT column_name FROM (DESCRIBE tk_parsed)")).getRows().map((r) => String(r[0]));
    await db.run(insertSql(plan, parsedColumns, options.sourceFile));
    await db.run("DROP TABLE tk_parsed");
    const columns = (await db.runAndReadAll("SELECT column_name FROM (DESCRIBE tk_priced)"))
      .getRows()
      .map((r) => String(r[0]))
      .filter((c) => c !== "line");
    const fixed: Record<string, string> = {
      provider: lit(plan.provider),
      status: "'ok'",
      source: lit(plan.source),
      convention: lit(plan.convention.name),
      source_line: "line",
    };
    const targets = [...columns, ...Object.keys(fixed)];
    const values = [...columns.map(id), ...Object.values(fixed)];
    const insert = await db.run(
      `INSERT OR IGNORE INTO events (${targets.map(id).join(", ")})
       SELECT ${values.join(", ")} FROM tk_priced`,
    );
    const summary = (
      await db.runAndReadAll(
        `SELECT count(*)::BIGINT AS records, count(*) FILTER (WHERE NOT priced)::BIGINT AS unpriced, coalesce(sum(total_usd), 0)::VARCHAR AS total FROM tk_priced`,
      )
    ).getRowObjectsJS()[0]!;
    const back = (await db.runAndReadAll(`SELECT line FROM tk_all WHERE line NOT IN (SELECT line FROM tk_priced) ORDER BY 1`)).getRows();
    const records = Number(summary.records);
    const inserted = insert.rowsChanged;
    return {
      records,
      inserted,
      duplicates: records - inserted,
      unpriced: Number(summary.unpriced),
      total_usd: trimDecimal(String(summary.total)),
      handedBack: back.map((r) => Number(r[0])),
    };
  } finally {
    await drop();
  }
}

/** a rate card per (model, day) the parsed lines use, as a table at the ledger's money scale */
async function loadCards(db: DuckDBConnection, options: JsonLinesOptions): Promise<void> {
  const keys = (await db.runAndReadAll("SELECT DISTINCT model, strftime(ts::DATE, '%Y-%m-%d') AS day FROM tk_parsed")).getRows();
  const rateCols = USAGE_FIELDS.map((f) => `${id(`r_${f}`)} HUGEINT`).join(", ");
  await db.run(
    `CREATE TEMP TABLE tk_cards (model VARCHAR, day DATE, priced BOOLEAN, resolved VARCHAR, version_from DATE, reason VARCHAR, exact BOOLEAN, linear_up_to BIGINT, ${rateCols})`,
  );
  const rows: string[] = [];
  for (const [model, day] of keys) {
    const card = options.cards(String(model), `${String(day)}T00:00:00.000Z`);
    const head = `${lit(String(model))}, DATE ${lit(String(day))}`;
    if (!card.priced) {
      rows.push(
        `(${head}, false, ${card.resolved_model === null ? "NULL" : lit(card.resolved_model)}, NULL, ${lit(card.reason)}, false, 0, ${USAGE_FIELDS.map(() => "NULL").join(", ")})`,
      );
      continue;
    }
    const exact = card.scale <= MONEY_PLACES;
    const shift = 10n ** BigInt(Math.max(0, MONEY_PLACES - card.scale));
    const rates = card.rates.map((r) => (r === undefined || !exact ? "NULL" : `${(r * shift).toString()}::HUGEINT`));
    rows.push(
      `(${head}, true, ${lit(card.resolved_model)}, DATE ${lit(card.version_from)}, NULL, ${exact}, ${Math.min(card.linearUpTo, MAX_SAFE)}, ${rates.join(", ")})`,
    );
  }
  for (let i = 0; i < rows.length; i += 1000) await db.run(`INSERT INTO tk_cards VALUES ${rows.slice(i, i + 1000).join(", ")}`);
}
