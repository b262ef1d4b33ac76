/**
 * Explore's controls: Group by, Filter, the period (From/To), Every and Top. Each change goes to
 * the URL at once (a filter once it reads as key=value), and the URL drives the report.
 */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { DIMENSIONS, parseFilters, type ExploreState } from "../explore-state.js";
import { setQuery } from "../router.js";
import { PeriodPicker } from "./period-picker.js";

interface Props {
  state: ExploreState;
  last: string | null;
}

function FilterField({ where }: { where: string[] }): JSX.Element {
  const [text, setText] = useState(where.join(" "));
  const parsed = parseFilters(text);
  // the URL changed elsewhere (back, a shared link): show its filters
  useEffect(() => {
    if (parseFilters(text).where.join(" ") !== where.join(" ")) setText(where.join(" "));
  }, [where.join(" ")]);
  const apply = (value: string): void => {
    setText(value);
    const next = parseFilters(value);
    if (next.error === undefined) setQuery({ where: next.where });
  };
  return (
    <div class="field field-wide">
      <label for="explore-filter">Filter</label>
      <input
        id="explore-filter"
        type="text"
        value={text}
        placeholder="team=search environment=prod"
        spellcheck={false}
        autoComplete="off"
        aria-invalid={parsed.error !== undefined}
        aria-describedby="explore-filter-hint"
        onInput={(e) => apply(e.currentTarget.value)}
      />
      <span id="explore-filter-hint" class={parsed.error ? "hint error-text" : "hint"}>
        {parsed.error ?? "key=value, several separated by spaces; key=a,b for either"}
      </span>
    </div>
  );
}

export function ExploreControls({ state, last }: Props): JSX.Element {
  const options = [...new Set([...DIMENSIONS, ...state.by])];
  return (
    <form class="controls card" onSubmit={(e) => e.preventDefault()} aria-label="Report settings">
      <div class="field">
        <label for="explore-by">Group by</label>
        <select
          id="explore-by"
          multiple
          size={6}
          aria-describedby="explore-by-hint"
          onChange={(e) => setQuery({ by: [...e.currentTarget.selectedOptions].map((o) => o.value).join(",") || "," })}
        >
          {options.map((d) => (
            <option key={d} value={d} selected={state.by.includes(d)}>
              {d}
            </option>
          ))}
        </select>
        <span id="explore-by-hint" class="hint">
          Ctrl/⌘-click for several
        </span>
      </div>
      <FilterField where={state.where} />
      <div class="field">
        <label for="explore-every">Every</label>
        <select id="explore-every" value={state.every} onChange={(e) => setQuery({ every: e.currentTarget.value })}>
          <option value="">No time split</option>
          <option value="day">Day</option>
          <option value="week">Week</option>
          <option value="month">Month</option>
        </select>
      </div>
      <div class="field field-narrow">
        <label for="explore-top">Top</label>
        <input
          id="explore-top"
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          placeholder="all"
          value={state.top ?? ""}
          aria-describedby="explore-top-hint"
          onInput={(e) => {
            const v = e.currentTarget.value;
            const n = Number(v);
            if (v === "" || (Number.isInteger(n) && n > 0)) setQuery({ top: v });
          }}
        />
        <span id="explore-top-hint" class="hint">
          costliest groups, rest as (other)
        </span>
      </div>
      <PeriodPicker id="explore" range={state} last={last} onChange={(r) => setQuery({ from: r.from, to: r.to })} />
    </form>
  );
}
