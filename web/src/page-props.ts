/**
 * What every page component is handed by the router: the path's `:params` and the location.
 * Its own module so that the pages and the page registry (pages.ts) do not import each other.
 */
import type { Location } from "./router.js";

export interface PageProps {
  params: Record<string, string>;
  location: Location;
}
