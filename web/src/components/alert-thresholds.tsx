/** A budget's alert thresholds this period: each one sent (filled) or not yet */
import type { JSX } from "preact";

export function AlertThresholds({ thresholds, sent }: { thresholds: readonly number[]; sent: readonly number[] }): JSX.Element {
  if (thresholds.length === 0) return <span class="muted">none</span>;
  const done = new Set(sent);
  return (
    <span class="thresholds" data-sent={sent.join(",")} data-thresholds={thresholds.join(",")}>
      <span class="visually-hidden">
        {done.size} of {thresholds.length} sent:{" "}
      </span>
      {thresholds.map((t) => (
        <span key={t} class={done.has(t) ? "threshold sent" : "threshold"} title={done.has(t) ? `${t}% alert sent this period` : `${t}% alert not sent`}>
          {t}%<span class="visually-hidden">{done.has(t) ? " sent" : " not sent"}</span>
        </span>
      ))}
    </span>
  );
}
