import { DuckDBInstance } from "@duckdb/node-api";
import { existsSync } from "node:fs";
import { buildLedger } from "./dist/bench/reports.js";
const path = "/tmp/b10m.duckdb";
if (!existsSync(path)) { const s = performance.now(); await buildLedger(path, 10_000_000); console.log("built", performance.now() - s); }
const inst = await DuckDBInstance.create(path); const db = await inst.connect();
async function t(name, sql){ await db.runAndReadAll(sql); const s=performance.now(); await db.runAndReadAll(sql); console.log(name, Math.round(performance.now()-s),"ms"); }
const toks = ["input","cached_input","cache_write","cache_write_1h","output","reasoning","audio_input","audio_output","images","audio_seconds","web_searches","requests"];
await t("count", "SELECT count(*) FROM events");
await t("sum total", "SELECT sum(total_usd) FROM events");
await t("12 bigint sums", `SELECT ${toks.map(x=>`sum("${x}")`).join(",")} FROM events`);
await t("12 coalesce bigint sums ::BIGINT", `SELECT ${toks.map(x=>`coalesce(sum("${x}"),0)::BIGINT`).join(",")} FROM events`);
await t("12 decimal sums", `SELECT ${toks.map(x=>`sum("cost_${x}")`).join(",")} FROM events`);
await t("count filter not priced", `SELECT count(*) FILTER (WHERE NOT priced) FROM events`);
await t("by model day 1 sum", `SELECT date_trunc('day', ts), model, sum(total_usd) FROM events GROUP BY ALL`);
await t("by customer 1 sum", `SELECT customer, sum(total_usd) FROM events GROUP BY ALL`);
