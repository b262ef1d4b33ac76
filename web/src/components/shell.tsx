/** The frame around every page: skip link, navigation from the registry, scope, theme, sign-out */
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { useSession } from "../context.js";
import { PAGES } from "../pages.js";
import { Link } from "../router.js";
import { currentTheme, setTheme, THEME_CHANGE, type Theme } from "../theme.js";

function isCurrent(link: string, path: string): boolean {
  return link === "/" ? path === "/" : path === link || path.startsWith(`${link}/`);
}

function ThemeToggle(): JSX.Element {
  const [theme, set] = useState<Theme>(currentTheme);
  useEffect(() => {
    const update = (): void => set(currentTheme());
    window.addEventListener(THEME_CHANGE, update);
    return () => window.removeEventListener(THEME_CHANGE, update);
  }, []);
  return (
    <button type="button" class="theme-toggle" aria-pressed={theme === "dark"} onClick={() => setTheme(theme === "dark" ? "light" : "dark")}>
      <span aria-hidden="true">{theme === "dark" ? "☾" : "☀"}</span> Dark theme
    </button>
  );
}

export function Shell({ path, children }: { path: string; children: ComponentChildren }): JSX.Element {
  const { me, signOut } = useSession();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // after a navigation, keyboard and screen-reader users start at the new page
  useEffect(() => {
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [path]);
  const scope = me && !me.admin && me.scope ? Object.entries(me.scope) : [];
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <span class="brand">Tokenomics</span>
        <nav aria-label="Pages">
          <ul>
            {PAGES.filter((p) => p.nav).map((p) => (
              <li key={p.path}>
                <Link href={p.path} aria-current={isCurrent(p.path, path) ? "page" : undefined}>
                  {p.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="topbar-end">
          {scope.length > 0 && (
            <span class="scope" title="This key sees only its own spend">
              Key scope: {scope.map(([k, v]) => `${k}=${v}`).join(", ")}
            </span>
          )}
          <ThemeToggle />
          <button type="button" class="link-button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
