/**
 * Client-side routing on real paths (the server answers index.html for any of them) and page
 * state in the query string, so every view is a link that can be shared.
 */
import type { ComponentChildren, JSX, TargetedMouseEvent } from "preact";
import { useEffect, useState } from "preact/hooks";

const CHANGE = "tokenomics:navigate";

export interface Location {
  path: string;
  params: URLSearchParams;
}

function current(): Location {
  return { path: window.location.pathname, params: new URLSearchParams(window.location.search) };
}

/** go to a URL in the app: a new history entry, or `replace` the current one */
export function navigate(url: string, options: { replace?: boolean } = {}): void {
  const target = new URL(url, window.location.href);
  const next = target.pathname + target.search + target.hash;
  if (next === window.location.pathname + window.location.search + window.location.hash) return;
  if (options.replace) window.history.replaceState(null, "", next);
  else window.history.pushState(null, "", next);
  window.dispatchEvent(new Event(CHANGE));
}

/** the location, re-rendered on every navigation (links, back/forward, query updates) */
export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = (): void => setLocation(current());
    window.addEventListener("popstate", update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return location;
}

export type QueryUpdate = Record<string, string | readonly string[] | null | undefined>;

/**
 * the current path with query keys changed (null/""/[] removes one)
 * @example withQuery({ every: "day" }) on /explore?by=team → "/explore?by=team&every=day"
 */
export function withQuery(update: QueryUpdate, base: Location = current()): string {
  const params = new URLSearchParams(base.params);
  for (const [k, v] of Object.entries(update)) {
    params.delete(k);
    if (v == null || v === "") continue;
    if (typeof v === "string") params.set(k, v);
    else for (const one of v) params.append(k, one);
  }
  // commas and "=" read better unescaped, and mean the same in a query value
  const text = params.toString().replace(/%2C/gi, ",").replace(/%3D/gi, "=");
  return base.path + (text ? `?${text}` : "");
}

/** change the page's query state; `push` makes it a history entry (default: replace) */
export function setQuery(update: QueryUpdate, options: { push?: boolean } = {}): void {
  navigate(withQuery(update), { replace: !options.push });
}

/**
 * a route's parameters, or null when the path does not match
 * @example matchPath("/interactions/:trace_id", "/interactions/t1") → { trace_id: "t1" }
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = have[i]!;
    if (w.startsWith(":")) {
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        return null;
      }
    } else if (w !== h) return null;
  }
  return params;
}

interface LinkProps {
  href: string;
  children?: ComponentChildren;
  class?: string;
  onClick?: (e: TargetedMouseEvent<HTMLAnchorElement>) => void;
  "aria-current"?: "page" | "true" | undefined;
  "data-testid"?: string;
}

/** an <a> that navigates in the app on a plain click and behaves as a link otherwise */
export function Link({ href, onClick, ...rest }: LinkProps): JSX.Element {
  const click = (e: TargetedMouseEvent<HTMLAnchorElement>): void => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
    window.scrollTo(0, 0);
  };
  return <a href={href} onClick={click} {...rest} />;
}
