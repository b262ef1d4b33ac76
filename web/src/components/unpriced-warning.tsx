/** Unpriced events are never counted as free: say how many, and which models */
import type { JSX } from "preact";
import type { SpendReport } from "../api.js";
import { count } from "../format.js";

export function UnpricedWarning({ report }: { report: SpendReport }): JSX.Element | null {
  if (report.unpriced_events === 0) return null;
  const models = report.unpriced.slice(0, 5);
  const more = report.unpriced.length - models.length;
  return (
    <div class="note warning" data-testid="unpriced-warning">
      <strong>
        {count(report.unpriced_events)} {report.unpriced_events === 1 ? "call has" : "calls have"} no price
      </strong>{" "}
      and {report.unpriced_events === 1 ? "is" : "are"} not in the totals:{" "}
      {models.map((m, i) => (
        <span key={m.model}>
          {i > 0 && ", "}
          <code>{m.model}</code> ({count(m.events)})
        </span>
      ))}
      {more > 0 && ` and ${more} more`}. Add their prices with <code>--catalog FILE</code>, then <code>tokenomics reprice</code>.
    </div>
  );
}
