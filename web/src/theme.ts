import { useEffect, useState } from "preact/hooks";
/**
 * Light and dark themes: the system's choice (prefers-color-scheme) until the user picks one,
 * which is then kept. `data-theme` on <html> always says which is in force; charts read their
 * colours from the CSS variables and redraw on a change.
 */

export type Theme = "light" | "dark";

const KEY = "tokenomics.theme";
export const THEME_CHANGE = "tokenomics:theme";

function system(): Theme {
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function stored(): Theme | null {
  try {
    const v = window.localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : null;
  } catch {
    return null;
  }
}

/** the theme in force */
export function currentTheme(): Theme {
  const set = document.documentElement.dataset.theme;
  return set === "light" || set === "dark" ? set : system();
}

/** apply the stored choice, or the system's (followed while the user has not chosen); call once at start */
export function initTheme(): void {
  document.documentElement.dataset.theme = stored() ?? system();
  window.matchMedia?.("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (stored()) return;
    document.documentElement.dataset.theme = system();
    window.dispatchEvent(new Event(THEME_CHANGE));
  });
}

export function setTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    window.localStorage.setItem(KEY, theme);
  } catch {
    // storage disabled: the choice lasts for this page
  }
  window.dispatchEvent(new Event(THEME_CHANGE));
}

/** a CSS custom property's value on the document */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** a number that changes whenever the theme does: a chart redraws with the new colours */
export function useThemeTick(): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const bump = (): void => setTick((t) => t + 1);
    window.addEventListener(THEME_CHANGE, bump);
    return () => window.removeEventListener(THEME_CHANGE, bump);
  }, []);
  return tick;
}
