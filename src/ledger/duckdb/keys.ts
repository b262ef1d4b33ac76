/**
 * The gateway's virtual keys in the DuckDB ledger: stored hashed (never the secret), listed,
 * revoked by time stamp.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { VirtualKey } from "../store.js";
import { utcIso } from "./columns.js";
import type { ReadRows } from "./sql.js";

export async function saveKey(db: DuckDBConnection, key: VirtualKey): Promise<void> {
  await db.run("INSERT INTO keys VALUES ($id, $hash, $hint, $name, $scope, $created_at::TIMESTAMP, NULL)", {
    id: key.id,
    hash: key.hash,
    hint: key.hint,
    name: key.name ?? "",
    scope: JSON.stringify(key.scope),
    created_at: key.created_at,
  });
}

export async function listKeys(read: ReadRows): Promise<VirtualKey[]> {
  const rows = await read(
    `SELECT id, hash, hint, nullif(name, '') AS name, scope, strftime(created_at, '%Y-%m-%dT%H:%M:%S.%g') || 'Z' AS created_at,
      strftime(revoked_at, '%Y-%m-%dT%H:%M:%S.%g') || 'Z' AS revoked_at FROM keys ORDER BY created_at, id`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    hash: String(r.hash),
    hint: String(r.hint),
    name: r.name === null ? null : String(r.name),
    scope: JSON.parse(String(r.scope)) as Record<string, string>,
    created_at: String(r.created_at),
    revoked_at: r.revoked_at === null ? null : String(r.revoked_at),
  }));
}

export async function revokeKey(db: DuckDBConnection, id: string, at: string): Promise<boolean> {
  const r = await db.run("UPDATE keys SET revoked_at = $at::TIMESTAMP WHERE id = $id AND revoked_at IS NULL", { id, at: utcIso(at) });
  return r.rowsChanged > 0;
}
