/**
 * The app: the token gate (a token from the URL or storage, checked with /api/me), then the shell
 * with the page the path names. Any 401 comes back to the token screen.
 */
import type { JSX } from "preact";
import { useEffect, useLayoutEffect, useMemo, useState } from "preact/hooks";
import { api, ApiError, onUnauthorized, type LedgerRange, type Me } from "./api.js";
import { clearToken, getToken, setToken } from "./auth.js";
import { Shell } from "./components/shell.js";
import { Loading } from "./components/states.js";
import { TokenScreen } from "./components/token-screen.js";
import { SessionContext, type Session } from "./context.js";
import { NotFound } from "./pages/not-found.js";
import { PAGES } from "./pages.js";
import { matchPath, useLocation } from "./router.js";

type Gate = { state: "token"; refused: boolean } | { state: "checking" } | { state: "in"; me: Me | undefined; range: LedgerRange | undefined };

/** an answer we can do without (an older server without the endpoint): undefined */
async function optional<T>(load: Promise<T>): Promise<T | undefined> {
  try {
    return await load;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) throw e;
    return undefined;
  }
}

export function App(): JSX.Element {
  const [gate, setGate] = useState<Gate>(() => (getToken() ? { state: "checking" } : { state: "token", refused: false }));
  const location = useLocation();

  useEffect(() => onUnauthorized(() => setGate({ state: "token", refused: true })), []);

  useLayoutEffect(() => {
    if (gate.state !== "checking") return;
    let live = true;
    Promise.all([optional(api.me()), optional(api.range())]).then(
      ([me, range]) => live && setGate({ state: "in", me, range }),
      () => live && setGate({ state: "token", refused: true }),
    );
    return () => {
      live = false;
    };
  }, [gate.state]);

  const session = useMemo<Session>(
    () => ({
      me: gate.state === "in" ? gate.me : undefined,
      range: gate.state === "in" ? gate.range : undefined,
      signOut: () => {
        clearToken();
        setGate({ state: "token", refused: false });
      },
    }),
    [gate],
  );

  const route = useMemo(() => {
    for (const page of PAGES) {
      const params = matchPath(page.path, location.path);
      if (params) return { page, params };
    }
    return undefined;
  }, [location.path]);

  useEffect(() => {
    document.title = `${route?.page.title ?? "Not found"} · Tokenomics`;
  }, [route]);

  if (gate.state === "token") {
    return (
      <TokenScreen
        refused={gate.refused}
        onToken={(token) => {
          setToken(token);
          setGate({ state: "checking" });
        }}
      />
    );
  }
  if (gate.state === "checking") {
    return (
      <main class="token-screen">
        <Loading what="Signing in" />
      </main>
    );
  }
  const Page = route?.page.component;
  return (
    <SessionContext.Provider value={session}>
      <Shell path={location.path}>{Page ? <Page key={route.page.path} params={route.params} location={location} /> : <NotFound />}</Shell>
    </SessionContext.Provider>
  );
}
