/**
 * The token the dashboard sends: taken from `?token=` once (then kept in localStorage and removed
 * from the address bar, so it is not shared with a link), or from localStorage.
 */

export const TOKEN_KEY = "tokenomics.token";

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage disabled: the token lives for this page only
  }
}

let memory: string | null = null;

/** move `?token=` from the URL into storage; call once at start */
export function adoptUrlToken(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get("token");
  if (token === null) return;
  url.searchParams.delete("token");
  window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  if (token.trim() !== "") setToken(token.trim());
}

export function getToken(): string | null {
  return storage()?.getItem(TOKEN_KEY) ?? memory;
}

export function setToken(token: string): void {
  memory = token;
  storage()?.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  memory = null;
  storage()?.removeItem(TOKEN_KEY);
}
