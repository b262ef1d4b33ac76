/**
 * The page registry: a page is one file in pages/ and one entry here. `nav` puts it in the top
 * bar (its title is the link's name); paths may have `:params`, handed to the page as `params`.
 */
import { h, type ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { PageProps } from "./page-props.js";
import { Overview } from "./pages/overview.js";

/**
 * A page whose code loads when it is first shown: the Overview (the first page people open) is
 * in the main bundle; every other page is its own chunk, so the first load parses only what it shows.
 */
function lazy(load: () => Promise<ComponentType<PageProps>>): ComponentType<PageProps> {
  let loaded: ComponentType<PageProps> | undefined;
  let pending: Promise<void> | undefined;
  return function LazyPage(props: PageProps) {
    const [, rerender] = useState(0);
    useEffect(() => {
      if (loaded) return;
      pending ??= load().then((c) => {
        loaded = c;
      });
      let live = true;
      void pending.then(() => live && rerender((n) => n + 1));
      return () => {
        live = false;
      };
    }, []);
    return loaded ? h(loaded, props) : null;
  };
}

const Explore = lazy(async () => (await import("./pages/explore.js")).Explore);
const Interactions = lazy(async () => (await import("./pages/interactions.js")).Interactions);
const Interaction = lazy(async () => (await import("./pages/interaction.js")).Interaction);
const Catalog = lazy(async () => (await import("./pages/catalog.js")).Catalog);
const Forecast = lazy(async () => (await import("./pages/forecast.js")).Forecast);
const Outcomes = lazy(async () => (await import("./pages/outcomes.js")).Outcomes);
const Budgets = lazy(async () => (await import("./pages/budgets.js")).Budgets);
const Compute = lazy(async () => (await import("./pages/compute.js")).Compute);

export interface Page {
  path: string;
  title: string;
  component: ComponentType<PageProps>;
  /** shown in the navigation */
  nav?: boolean;
}

export const PAGES: readonly Page[] = [
  { path: "/", title: "Overview", component: Overview, nav: true },
  { path: "/explore", title: "Explore", component: Explore, nav: true },
  { path: "/interactions", title: "Interactions", component: Interactions, nav: true },
  { path: "/interactions/:trace_id", title: "Interaction", component: Interaction },
  { path: "/catalog", title: "Catalog", component: Catalog, nav: true },
  { path: "/outcomes", title: "Outcomes", component: Outcomes, nav: true },
  { path: "/budgets", title: "Budgets", component: Budgets, nav: true },
  { path: "/forecast", title: "Forecast", component: Forecast, nav: true },
  { path: "/compute", title: "Compute", component: Compute, nav: true },
];
