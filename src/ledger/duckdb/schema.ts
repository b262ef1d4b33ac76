import { COLUMNS, V4_COLUMNS, V6_COLUMNS } from "./columns.js";

/**
 * bump when a table changes or is added (v2: keys, v3: outcomes, v4: the gateway's http_status,
 * response_id, usage_invalid, v5: budgets, policies, budget_alerts, v6: prompt_prefixes); `migrate` brings
 * older files up to date
 */
export const SCHEMA_VERSION = 6;

/** an outcome's value: 13 places like per-call money, but room for a large order (up to 10^24 USD) */
export const OUTCOME_VALUE = "DECIMAL(37,13)";

/** statements that take a ledger file from `version` to SCHEMA_VERSION */
export function migrations(version: number): string[] {
  const steps: string[] = [];
  if (version < 1) {
    steps.push(
      "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
      `CREATE TABLE IF NOT EXISTS events (${COLUMNS.map((c) => `"${c.name}" ${c.type}`).join(", ")})`,
    );
  }
  if (version < 2) {
    steps.push(
      `CREATE TABLE IF NOT EXISTS keys (id VARCHAR PRIMARY KEY, hash VARCHAR NOT NULL UNIQUE, hint VARCHAR NOT NULL, name VARCHAR,
        scope VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, revoked_at TIMESTAMP)`,
    );
  }
  if (version < 3) {
    // outcomes carry no attribution: reports join them to their interaction's calls by trace_id
    steps.push(
      `CREATE TABLE IF NOT EXISTS outcomes (id VARCHAR PRIMARY KEY, trace_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        "at" TIMESTAMP NOT NULL, success BOOLEAN NOT NULL, value_usd ${OUTCOME_VALUE})`,
    );
  }
  if (version < 4) {
    for (const name of V4_COLUMNS) {
      const column = COLUMNS.find((c) => c.name === name)!;
      steps.push(`ALTER TABLE events ADD COLUMN IF NOT EXISTS "${name}" ${column.type}`);
    }
  }
  if (version < 5) {
    // a rule is its domain definition as JSON (the store compares and returns it whole); an
    // alert's primary key is the once-per-threshold guard: a second insert is ignored
    steps.push(
      "CREATE TABLE IF NOT EXISTS budgets (name VARCHAR PRIMARY KEY, definition VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL)",
      "CREATE TABLE IF NOT EXISTS policies (name VARCHAR PRIMARY KEY, definition VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL)",
      `CREATE TABLE IF NOT EXISTS budget_alerts (budget VARCHAR NOT NULL, period_start TIMESTAMP NOT NULL, threshold DOUBLE NOT NULL,
        sent_at TIMESTAMP NOT NULL, PRIMARY KEY (budget, period_start, threshold))`,
    );
  }
  if (version < 6) {
    for (const name of V6_COLUMNS) steps.push(`ALTER TABLE events ADD COLUMN IF NOT EXISTS "${name}" VARCHAR`);
  }
  steps.push(`INSERT OR REPLACE INTO meta VALUES ('schema_version', '${SCHEMA_VERSION}')`);
  return steps;
}

/** the read_csv column spec matching COLUMNS (constraints stripped) */
export function csvColumnSpec(): string {
  return `{${COLUMNS.map((c) => `'${c.name}': '${c.type.replace(/ (PRIMARY KEY|NOT NULL)/g, "")}'`).join(", ")}}`;
}

/** a batch file written by `csvLine` as a table: no sniffing, "" is an empty string, nothing is NULL */
export const READ_BATCH = `read_csv($file, header = false, delim = ',', quote = '"', escape = '"',
  allow_quoted_nulls = false, auto_detect = false, columns = ${csvColumnSpec()})`;
