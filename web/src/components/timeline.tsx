/** One interaction's calls on a time line: when each started and ran, what it was, its tokens and cost */
import type { JSX } from "preact";
import type { UsageEvent } from "../api.js";
import { count, duration, tokens, usdPrecise } from "../format.js";

function start(e: UsageEvent): number {
  return Date.parse(e.ts);
}

/** what is notable about a call, as short badges */
function badges(e: UsageEvent): { text: string; kind: string }[] {
  const out: { text: string; kind: string }[] = [];
  if (e.interaction.is_retry) out.push({ text: `retry${e.interaction.attempt ? ` (attempt ${e.interaction.attempt})` : ""}`, kind: "warn" });
  if (e.interaction.is_tool_call) out.push({ text: "tool call", kind: "info" });
  if (e.request.status === "error") out.push({ text: "error", kind: "error" });
  if (e.request.status === "cancelled") out.push({ text: "cancelled", kind: "warn" });
  if (e.request.cache_hit) out.push({ text: "cached response", kind: "info" });
  if (e.request.estimated) out.push({ text: "estimated tokens", kind: "info" });
  if (e.cost.total_usd === null) out.push({ text: "unpriced", kind: "warn" });
  return out;
}

export function Timeline({ calls }: { calls: UsageEvent[] }): JSX.Element {
  const t0 = Math.min(...calls.map(start));
  const end = Math.max(...calls.map((e) => start(e) + (e.request.latency_ms ?? 0)));
  const span = Math.max(1, end - t0);
  return (
    <ol class="timeline" aria-label="Calls, oldest first">
      {calls.map((e, i) => {
        const offset = start(e) - t0;
        const latency = e.request.latency_ms;
        const u = e.usage;
        return (
          <li key={e.id} class={`call ${e.request.status ?? "ok"}`}>
            <div class="call-head">
              <span class="call-no">#{i + 1}</span>
              <span class="mono">+{duration(offset)}</span>
              <strong>{e.model}</strong>
              {e.response_model && e.response_model !== e.model && <span class="muted">→ {e.response_model}</span>}
              {badges(e).map((b) => (
                <span key={b.text} class={`badge ${b.kind}`}>
                  {b.text}
                </span>
              ))}
              <span class="call-cost">{e.cost.total_usd === null ? "unpriced" : usdPrecise(e.cost.total_usd)}</span>
            </div>
            <div class="track" aria-hidden="true">
              <span class="span" style={{ left: `${(offset / span) * 100}%`, width: `${Math.max(0.6, ((latency ?? 0) / span) * 100)}%` }} />
            </div>
            <p class="call-facts muted">
              {latency !== undefined && <>took {duration(latency)} · </>}
              <span title={`${count(u.input)} input tokens`}>{tokens(u.input)} input</span>
              {u.cached_input > 0 && <> · {tokens(u.cached_input)} cached</>}
              {u.cache_write + u.cache_write_1h > 0 && <> · {tokens(u.cache_write + u.cache_write_1h)} cache write</>}
              {" · "}
              {tokens(u.output)} output
              {u.reasoning > 0 && <> · {tokens(u.reasoning)} reasoning</>}
              {e.request.status && e.request.status !== "ok" ? ` · status ${e.request.status}` : ""}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
