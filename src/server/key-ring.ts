import type { VirtualKey } from "../ledger/store.js";
import { hashKey } from "../gateway/keys.js";

/**
 * The live virtual keys, in memory: the gateway checks a key on every call, so the lookup is a
 * hash and a map read, never a database query. Loaded at start; kept current by the key API.
 */
export class KeyRing {
  private readonly byHash = new Map<string, VirtualKey>();
  // kept after a revoke: the calls made before it still name the team
  private readonly teams = new Set<string>();

  constructor(keys: readonly VirtualKey[] = []) {
    for (const k of keys) this.add(k);
  }

  add(key: VirtualKey): void {
    if (key.revoked_at !== null) return;
    this.byHash.set(key.hash, key);
    if (key.scope.team !== undefined) this.teams.add(key.scope.team);
  }

  revoke(id: string): void {
    for (const [hash, key] of this.byHash) if (key.id === id) this.byHash.delete(hash);
  }

  /** whether a key has been made for this team: the teams /metrics may name */
  hasTeam(team: string): boolean {
    return this.teams.has(team);
  }

  lookup(secret: string): VirtualKey | undefined {
    return this.byHash.get(hashKey(secret));
  }
}
