import type { VirtualKey } from "../ledger/store.js";
import { hashKey } from "../gateway/keys.js";

const MAX_CACHED = 10_000;

/**
 * The live virtual keys, in memory: the gateway checks a key on every call, so the lookup is a
 * hash and a map read, never a database query. Loaded at start; kept current by the key API.
 */
export class KeyRing {
  private readonly byHash = new Map<string, VirtualKey>();
  // kept after a revoke: the calls made before it still name the team
  private readonly teams = new Set<string>();
  // the hash of each secret that matched a key, so a live key costs a map read, not a SHA-256 per
  // call; only hits are kept (a flood of made-up keys cannot grow it), and the key itself is still
  // read from \`byHash\` each time, so a revoke takes effect at once
  private readonly hashes = new Map<string, string>();

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
    const known = this.hashes.get(secret);
    if (known !== undefined) return this.byHash.get(known);
    const hash = hashKey(secret);
    const key = this.byHash.get(hash);
    if (key !== undefined) {
      if (this.hashes.size >= MAX_CACHED) this.hashes.clear();
      this.hashes.set(secret, hash);
    }
    return key;
  }
}
