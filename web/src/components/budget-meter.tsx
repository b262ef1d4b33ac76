/**
 * A budget's use as a bar: spent, then reserved (calls in flight at the gateway), against the
 * limit, with a tick at each alert threshold; the share in words for screen readers and beside it.
 */
import type { JSX } from "preact";
import { barWidths, shareOfLimit, shareText } from "../budget-figures.js";
import { compareMoney, sumMoney } from "../money.js";

interface Props {
  spent: string;
  reserved: string;
  limit: string;
  thresholds: readonly number[];
}

export function BudgetMeter({ spent, reserved, limit, thresholds }: Props): JSX.Element {
  const widths = barWidths(spent, reserved, limit);
  const used = sumMoney([spent, reserved]);
  const over = compareMoney(used, limit) >= 0;
  const spentShare = shareText(shareOfLimit(spent, limit));
  const usedShare = shareText(shareOfLimit(used, limit));
  const words = `${spentShare} of the limit spent${compareMoney(reserved, "0") > 0 ? `, ${usedShare} with what is reserved` : ""}`;
  return (
    <div class={over ? "budget-meter over" : "budget-meter"}>
      <div class="meter-track" role="img" aria-label={words} title={words}>
        <span class="meter-spent" style={{ width: `${widths.spent}%` }} />
        <span class="meter-reserved" style={{ width: `${widths.reserved}%` }} />
        {thresholds
          .filter((t) => t < 100)
          .map((t) => (
            <span key={t} class="meter-tick" style={{ left: `${t}%` }} />
          ))}
      </div>
      <span class="meter-share" aria-hidden="true">
        {usedShare}
      </span>
    </div>
  );
}
