/**
 * A period: presets ending at the ledger's last event, or From/To days. `To` is exclusive, as in
 * the API and `tokenomics report` (the URL holds the same two days).
 */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { addDays, daysBetween, isDay, lastDays, PRESETS, type Range } from "../period.js";
import { shortDay } from "../format.js";

interface Props {
  /** a prefix for the controls' ids, unique on the page */
  id: string;
  range: Range;
  /** the ledger's last event, which presets end at */
  last: string | null;
  onChange: (range: Range) => void;
}

/** "Oct 28 – Nov 26, 2026 · 30 days" for a [from, to) range */
export function describeRange(range: Range): string {
  const end = addDays(range.to, -1);
  const days = daysBetween(range.from, range.to);
  const sameYear = range.from.slice(0, 4) === end.slice(0, 4);
  const start = sameYear ? shortDay(range.from) : `${shortDay(range.from)}, ${range.from.slice(0, 4)}`;
  return `${start} – ${shortDay(end)}, ${end.slice(0, 4)} · ${days} ${days === 1 ? "day" : "days"}`;
}

export function PeriodPicker({ id, range, last, onChange }: Props): JSX.Element {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  useEffect(() => {
    setFrom(range.from);
    setTo(range.to);
  }, [range.from, range.to]);

  const preset = PRESETS.find((p) => {
    const r = lastDays(last, p.days);
    return r.from === range.from && r.to === range.to;
  });
  const invalid = isDay(from) && isDay(to) && from >= to;
  const edit = (nextFrom: string, nextTo: string): void => {
    setFrom(nextFrom);
    setTo(nextTo);
    if (isDay(nextFrom) && isDay(nextTo) && nextFrom < nextTo) onChange({ from: nextFrom, to: nextTo });
  };

  return (
    <div class="period-picker">
      <div class="field">
        <label for={`${id}-preset`}>Period</label>
        <select
          id={`${id}-preset`}
          value={preset?.id ?? "custom"}
          onChange={(e) => {
            const p = PRESETS.find((x) => x.id === e.currentTarget.value);
            if (p) onChange(lastDays(last, p.days));
          }}
        >
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom" disabled={!!preset}>
            Custom
          </option>
        </select>
      </div>
      <div class="field">
        <label for={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" value={from} aria-invalid={invalid} onInput={(e) => edit(e.currentTarget.value, to)} />
      </div>
      <div class="field">
        <label for={`${id}-to`}>To</label>
        <input
          id={`${id}-to`}
          type="date"
          value={to}
          aria-invalid={invalid}
          aria-describedby={`${id}-to-hint`}
          onInput={(e) => edit(from, e.currentTarget.value)}
        />
        <span class="hint" id={`${id}-to-hint`}>
          {invalid ? "must be after From" : "not included"}
        </span>
      </div>
    </div>
  );
}
