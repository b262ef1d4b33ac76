/**
 * The page registry: a page is one file in pages/ and one entry here. `nav` puts it in the top
 * bar (its title is the link's name); paths may have `:params`, handed to the page as `params`.
 */
import type { ComponentType } from "preact";
import type { PageProps } from "./page-props.js";
import { Overview } from "./pages/overview.js";
import { Explore } from "./pages/explore.js";
import { Interactions } from "./pages/interactions.js";
import { Interaction } from "./pages/interaction.js";
import { Catalog } from "./pages/catalog.js";
import { Forecast } from "./pages/forecast.js";
import { Outcomes } from "./pages/outcomes.js";
import { Budgets } from "./pages/budgets.js";
import { Compute } from "./pages/compute.js";

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
