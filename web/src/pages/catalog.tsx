/** Catalog: every model's prices and their history, searchable; a workload compared across models */
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { CompareForm, WORKLOAD } from "../components/compare-form.js";
import { PriceTable } from "../components/price-table.js";
import { Empty, ErrorNote, Loading } from "../components/states.js";
import { count } from "../format.js";
import type { PageProps } from "../page-props.js";
import { setQuery } from "../router.js";
import { useData } from "../use-data.js";

export function Catalog({ location }: PageProps): JSX.Element {
  const search = location.params.get("search") ?? "";
  const [text, setText] = useState(search);
  // the URL changed elsewhere (back, a link): show its search
  useEffect(() => {
    if (text.trim() !== search) setText(search);
  }, [search]);
  const models = useData(`catalog:${search}`, (s) => api.catalog(search, s));

  const p = location.params;
  const comparing = WORKLOAD.some(([k]) => p.has(k));
  const workload = Object.fromEntries(WORKLOAD.map(([k]) => [k, Math.max(0, Number(p.get(k)) || 0)]));
  const modelsParam = p.get("models") ?? "";
  const compare = useData(
    `compare:${JSON.stringify(workload)}:${modelsParam}`,
    (s) => api.compare({ ...workload, ...(modelsParam ? { models: modelsParam } : {}) }, s),
    !comparing,
  );
  const loading = models.loading || (comparing && compare.loading);

  let table: JSX.Element;
  if (models.error) table = <ErrorNote error={models.error} />;
  else if (!models.data) table = <Loading what="Loading the catalog" />;
  else if (models.data.models.length === 0)
    table = (
      <Empty title={`No model matches “${search}”`}>
        <p>Try part of a name (claude, gpt-4o, gemini) or a provider. Your own prices can be added with a catalog file (--catalog).</p>
      </Empty>
    );
  else table = <PriceTable models={models.data.models} />;

  return (
    <section data-page="catalog" data-ready={loading ? "false" : "true"} aria-busy={loading}>
      <div class="page-head">
        <div>
          <h1>Catalog</h1>
          <p class="muted">Prices in USD per 1M tokens, effective-dated; what each call is priced with.</p>
        </div>
      </div>
      <CompareForm params={p} result={comparing ? compare : undefined} />
      <section class="card" aria-labelledby="models-title">
        <div class="card-head">
          <h2 id="models-title">Models{models.data ? ` (${count(models.data.models.length)})` : ""}</h2>
          {/* biome-ignore lint/a11y/useSemanticElements: a form with the search landmark role; <search> is too new for the browsers the dashboard supports */}
          <form class="field search" role="search" onSubmit={(e) => e.preventDefault()}>
            <label for="catalog-search">Search models</label>
            <input
              id="catalog-search"
              type="search"
              value={text}
              placeholder="claude, gpt-4o, openai…"
              spellcheck={false}
              autoComplete="off"
              onInput={(e) => {
                setText(e.currentTarget.value);
                setQuery({ search: e.currentTarget.value.trim() });
              }}
            />
          </form>
        </div>
        {table}
      </section>
    </section>
  );
}
