/** What every page may read: who the token is, and the ledger's extent (for default periods) */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { LedgerRange, Me } from "./api.js";
import { lastDays, type Range } from "./period.js";

export interface Session {
  /** undefined when the server does not say (an older server) */
  me: Me | undefined;
  range: LedgerRange | undefined;
  signOut(): void;
}

export const SessionContext = createContext<Session>({ me: undefined, range: undefined, signOut: () => undefined });

export function useSession(): Session {
  return useContext(SessionContext);
}

/** the default period: the last 30 days up to the ledger's last event */
export function useDefaultRange(days = 30): Range {
  return lastDays(useSession().range?.last ?? null, days);
}

/** is the ledger known to be empty (nothing to show anywhere) */
export function useEmptyLedger(): boolean {
  return useSession().range?.events === 0;
}
