/** the governance section of docs/benchmarks.md */
import { n, pass } from "./format.js";
import type { GovernanceResult } from "./governance.js";

export const GOVERNANCE_HEADING = "## Governance";
const TARGET = { decideP50Us: 200, p50: 1, p99: 5, saturation: 5000 };

export function governanceSection(g: GovernanceResult): string {
  const rows = g.shapes
    .map((s) => {
      const plain = (q: "p50" | "p99") => s.plain[q] - s.direct[q];
      const governed = (q: "p50" | "p99") => s.governed[q] - s.direct[q];
      return `| ${s.shape.name} | ${n(plain("p50"), 3)} | ${n(plain("p99"), 3)} | **${n(governed("p50"), 3)}** ${pass(governed("p50") <= TARGET.p50)} | **${n(governed("p99"), 3)}** ${pass(governed("p99") <= TARGET.p99)} | ${s.governed.errors} |`;
    })
    .join("\n");
  return `${GOVERNANCE_HEADING} — targets: the admission decision ≤ ${TARGET.decideP50Us / 1000} ms p50; with ten budgets and two policies on every call, the gateway adds ≤ ${TARGET.p50} ms p50 and ≤ ${TARGET.p99} ms p99 at 500 calls/s and sustains ≥ ${n(TARGET.saturation)} calls/s
Ten budgets (block, downgrade, alert; day, week, month, quarter and a date range; UTC, Berlin, New York, Tokyo;
one with a hold cap) and two policies (a model allow-list with an output clamp, a per-key rate limit in requests
and tokens) all cover every call (\`benchRules\` in \`bench/governance.ts\`), none ever reached.

| admission, µs per call (one thread, timed call by call) | p50 | p99 | calls | |
|---|---:|---:|---:|---|
| \`decide\` (pure: policies, rate limits, ten budgets) | **${n(g.decideUs.p50, 1)}** | ${n(g.decideUs.p99, 1)} | ${n(g.decideUs.n)} | ${pass(g.decideUs.p50 <= TARGET.decideP50Us)} |
| \`Governor.admit\` (max cost with the tokenizer, counters read, \`decide\`, one reserve of 12 holds) | ${n(g.admitUs.p50, 1)} | ${n(g.admitUs.p99, 1)} | ${n(g.admitUs.n)} | |
| \`Governor.onEvent\` (settle: 10 budget lines, 2 rate lines) | ${n(g.settleUs.p50, 1)} | ${n(g.settleUs.p99, 1)} | ${n(g.settleUs.n)} | |

Through \`tokenomics serve\` (its own process, ledger writing), same simulator, same run, ${g.seconds} s per shape at 500 calls/s:

| added to the simulator, ms | no rules p50 | no rules p99 | **10 budgets + 2 policies p50** | **p99** | errors |
|---|---:|---:|---:|---:|---:|
${rows}

| saturation (autocannon, ${g.saturation.connections} connections, 10 s) | calls/s | CPU per call | |
|---|---:|---:|---|
| gateway, no rules | ${n(g.saturation.plain)} | ${n(g.saturation.plainCpuUsPerCall)} µs | |
| gateway, 10 budgets + 2 policies | **${n(g.saturation.governed)}** | ${n(g.saturation.governedCpuUsPerCall)} µs | ${pass(g.saturation.governed >= TARGET.saturation)} |

${n(g.refused)} calls refused in the governed run (none should be: no limit is near).
`;
}
