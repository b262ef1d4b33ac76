/**
 * Governance's cost, measured: the admission decision alone (`decide`, pure), the gateway's whole
 * admission step (`Governor.admit`: the max cost with the tokenizer, the counters read, the
 * decision, the reserve) and its settle (`onEvent`), each timed call by call — then the gateway
 * as a process with ten budgets and two policies covering every call, against the same simulator
 * and the same gateway without rules, in the same run.
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Governor, type CallToAdmit } from "../src/gateway/governor.js";
import { budgetFromFields, decide, maxCost, periodWindow, policyFromFields, type Budget, type DecideInput, type Policy } from "../src/governance/index.js";
import { admittedEvent } from "../src/ingest/admit.js";
import { builtinCatalog } from "../src/pricing/builtin/index.js";
import { usage } from "../src/usage/usage.js";
import { BODY, cpuMs, openLoop, percentiles, saturate, SHAPES, startChild, type LoadShape, type Percentiles } from "./gateway.js";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const simulatorMain = fileURLToPath(new URL("./simulator-process.js", import.meta.url));

/** ten budgets and two policies, every one covering the benchmark's calls (team bench, gpt-4o-mini), none ever reached */
export function benchRules(now: number): { budgets: Record<string, unknown>[]; policies: Record<string, unknown>[] } {
  const day = (offset: number) => new Date(now + offset * 86_400_000).toISOString().slice(0, 10);
  const big = "1000000";
  return {
    budgets: [
      { name: "org-month", scope: {}, period: "month", amount_usd: big, action: "block" },
      { name: "team-month-berlin", scope: { team: "bench" }, period: "month", tz: "Europe/Berlin", amount_usd: big, action: "block" },
      { name: "team-day-downgrade", scope: { team: "bench" }, period: "day", amount_usd: big, action: "downgrade", downgrade_to: "gpt-4o-mini" },
      { name: "model-week", scope: { model: "gpt-4o-mini" }, period: "week", amount_usd: big, action: "block" },
      { name: "org-quarter-alert", scope: {}, period: "quarter", amount_usd: big, action: "alert" },
      { name: "launch-range", scope: { team: "bench" }, period: `${day(-10)}..${day(30)}`, amount_usd: big, action: "block" },
      { name: "team-quarter-alert", scope: { team: "bench" }, period: "quarter", amount_usd: big, action: "alert" },
      { name: "org-week-alert", scope: {}, period: "week", amount_usd: big, action: "alert" },
      {
        name: "team-month-ny-capped",
        scope: { team: "bench" },
        period: "month",
        tz: "America/New_York",
        amount_usd: big,
        action: "block",
        hold_cap_usd: "0.01",
      },
      { name: "org-day-tokyo", scope: {}, period: "day", tz: "Asia/Tokyo", amount_usd: big, action: "block" },
    ],
    policies: [
      { name: "bench-models", match: { team: "bench" }, allow_models: ["gpt-4o*", "claude-*"], max_output_tokens: 4096 },
      { name: "per-key-rate", match: {}, rate_limit: { requests_per_minute: 100_000_000, tokens_per_minute: 100_000_000_000, per: "key" } },
    ],
  };
}

export interface Timing {
  p50: number;
  p99: number;
  n: number;
}

function timing(us: number[]): Timing {
  const p = percentiles(us, 0);
  return { p50: p.p50, p99: p.p99, n: p.n };
}

export interface GovernanceResult {
  decideUs: Timing;
  admitUs: Timing;
  settleUs: Timing;
  seconds: number;
  shapes: { shape: LoadShape; direct: Percentiles; plain: Percentiles; governed: Percentiles }[];
  saturation: { plain: number; governed: number; governedCpuUsPerCall: number; plainCpuUsPerCall: number; connections: number };
  refused: number;
}

export async function benchDecision(): Promise<Pick<GovernanceResult, "decideUs" | "admitUs" | "settleUs">> {
  const catalog = builtinCatalog();
  const now = Date.now();
  const rules = benchRules(now);
  const budgets: Budget[] = rules.budgets.map((b) => budgetFromFields(b));
  const policies: Policy[] = rules.policies.map((p) => policyFromFields(p));
  const body = JSON.parse(BODY) as Record<string, unknown>;
  const attribution = { team: "bench", api_key_id: "k_bench" };
  const cost = await maxCost(catalog, "gpt-4o-mini", body, { at: new Date(now).toISOString() });
  if ("unpriced" in cost) throw new Error(cost.unpriced);
  const input: DecideInput = {
    attribution,
    model: "gpt-4o-mini",
    promptTokens: cost.promptTokens,
    maxOutputTokens: 16,
    maxCost: cost,
    budgets: budgets.map((budget) => ({ budget, window: periodWindow(budget.period, budget.tz, now), spent: 1_000_000n, reserved: 0n })),
    policies,
    rates: [],
    now,
  };
  const decideUs: number[] = [];
  for (let i = 0; i < 120_000; i++) {
    const t = process.hrtime.bigint();
    decide(input);
    if (i >= 20_000) decideUs.push(Number(process.hrtime.bigint() - t) / 1000);
  }

  const governor = new Governor({ catalog });
  governor.setRules(budgets, policies);
  const admitUs: number[] = [];
  const settleUs: number[] = [];
  for (let i = 0; i < 30_000; i++) {
    const call: CallToAdmit = { callId: `b${i}`, attribution, model: "gpt-4o-mini", json: body, endpoint: "chat", provider: "openai" };
    let t = process.hrtime.bigint();
    const a = await governor.admit(call);
    if (a.kind !== "forward") throw new Error(`the benchmark's call was refused: ${JSON.stringify(a)}`);
    if (i >= 5_000) admitUs.push(Number(process.hrtime.bigint() - t) / 1000);
    const event = admittedEvent(catalog, {
      id: `gateway:b${i}`,
      ts: new Date().toISOString(),
      provider: "openai",
      model: "gpt-4o-mini",
      usage: usage({ input: 20, output: 16, requests: 1 }),
      attribution,
      interaction: {},
      request: {},
      source: { kind: "gateway", convention: "disjoint", raw_usage: null },
    });
    t = process.hrtime.bigint();
    governor.onEvent(event);
    if (i >= 5_000) settleUs.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  governor.close();
  return { decideUs: timing(decideUs), admitUs: timing(admitUs), settleUs: timing(settleUs) };
}

/** the simulator directly, the gateway without rules, and with ten budgets and two policies: same calls, same run */
export async function benchGovernance(seconds = 10): Promise<GovernanceResult> {
  const dir = mkdtempSync(join(tmpdir(), "tokenomics-bench-governance-"));
  const children: ChildProcess[] = [];
  try {
    const sim = await startChild(process.execPath, [simulatorMain], /listening on (http:\/\/\S+)/, process.env);
    children.push(sim.child);
    const simUrl = sim.match[1]!;
    const env = { ...process.env, OPENAI_BASE_URL: `${simUrl}/v1`, OPENAI_API_KEY: "sk-sim-provider", TOKENOMICS_ADMIN_TOKEN: "bench-admin" };
    const start = async (name: string, rules: boolean) => {
      const db = join(dir, `${name}.duckdb`);
      const key = execFileSync(process.execPath, [bin, "keys", "create", "--team", "bench", "--db", db], { encoding: "utf8" }).trim();
      if (rules) {
        const file = join(dir, "rules.json");
        writeFileSync(file, JSON.stringify(benchRules(Date.now())));
        execFileSync(process.execPath, [bin, "budget", "apply", file, "--db", db], { encoding: "utf8" });
      }
      const gw = await startChild(process.execPath, [bin, "serve", "--port", "0", "--db", db], /listening on (http:\/\/\S+?) /, env);
      children.push(gw.child);
      return { url: gw.match[1]!, key, child: gw.child, db };
    };
    const plain = await start("plain", false);
    const governed = await start("governed", true);
    const direct = { authorization: "Bearer sk-sim-provider" };
    const chat = (base: string) => `${base}/v1/chat/completions`;
    const warm: LoadShape = { name: "warm-up", rate: 200, burst: 1, connections: 256 };
    await openLoop(chat(plain.url), { authorization: `Bearer ${plain.key}` }, BODY, warm, 2, false);
    await openLoop(chat(governed.url), { authorization: `Bearer ${governed.key}` }, BODY, warm, 2, false);
    const shapes: GovernanceResult["shapes"] = [];
    for (const shape of SHAPES.slice(0, 2)) {
      shapes.push({
        shape,
        direct: await openLoop(chat(simUrl), direct, BODY, shape, seconds, false),
        plain: await openLoop(chat(plain.url), { authorization: `Bearer ${plain.key}` }, BODY, shape, seconds, false),
        governed: await openLoop(chat(governed.url), { authorization: `Bearer ${governed.key}` }, BODY, shape, seconds, false),
      });
    }
    const connections = 64;
    let cpu = cpuMs(plain.child.pid!);
    const satPlain = await saturate(chat(plain.url), { authorization: `Bearer ${plain.key}` }, connections, 10);
    const plainCpu = cpuMs(plain.child.pid!) - cpu;
    cpu = cpuMs(governed.child.pid!);
    const satGoverned = await saturate(chat(governed.url), { authorization: `Bearer ${governed.key}` }, connections, 10);
    const governedCpu = cpuMs(governed.child.pid!) - cpu;
    const status = await fetch(`${governed.url}/api/budgets/status`, { headers: { authorization: "Bearer bench-admin" } });
    const report = (await status.json()) as { budgets: { refused_calls: number }[] };
    for (const c of children) c.kill("SIGTERM");
    // timed last, in this process: its garbage would otherwise pause the load generator above
    const decision = await benchDecision();
    return {
      ...decision,
      seconds,
      shapes,
      saturation: {
        plain: satPlain.perSecond,
        governed: satGoverned.perSecond,
        plainCpuUsPerCall: (plainCpu * 1000) / satPlain.answered,
        governedCpuUsPerCall: (governedCpu * 1000) / satGoverned.answered,
        connections,
      },
      refused: report.budgets.reduce((n, b) => n + b.refused_calls, 0),
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}
