/**
 * Where Claude Code keeps its logs, and what a log's path says: the project folder (the
 * working directory with every non-alphanumeric character turned into `-`) and the session.
 */
import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, resolve, sep } from "node:path";

/**
 * The `projects` folders Claude Code writes to: each dir in `CLAUDE_CONFIG_DIR` (comma
 * separated) when it is set — and then only those, as ccusage does — else
 * `$XDG_CONFIG_HOME/claude` (or `~/.config/claude`) and `~/.claude`. Existing folders are
 * returned; when none exists, all candidates are, so an error can say where it looked.
 *
 * @example
 * claudeProjectDirs({ CLAUDE_CONFIG_DIR: "/a,/b" }); // ["/a/projects", "/b/projects"] (those that exist)
 */
export function claudeProjectDirs(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string[] {
  const configured = (env["CLAUDE_CONFIG_DIR"] ?? "")
    .split(",")
    .map((d) => d.trim())
    .filter((d) => d !== "");
  const xdg = env["XDG_CONFIG_HOME"]?.trim() || join(home, ".config");
  const roots = configured.length > 0 ? configured : [join(xdg, "claude"), join(home, ".claude")];
  const candidates = [...new Set(roots.map((root) => join(resolve(root), "projects")))];
  const existing = candidates.filter((dir) => existsSync(dir) && statSync(dir).isDirectory());
  return existing.length > 0 ? existing : candidates;
}

/**
 * The project folder a log file belongs to: the segment after the last `projects` folder
 * (logs of subagents sit deeper, under the session's folder), else the file's own folder.
 *
 * @example
 * projectFolder("/home/a/.claude/projects/-home-a-shop/0b6f.jsonl"); // "-home-a-shop"
 */
export function projectFolder(file: string): string {
  const parts = resolve(file).split(sep);
  const at = parts.lastIndexOf("projects");
  const name = at !== -1 && at + 2 < parts.length ? parts[at + 1] : undefined;
  return name !== undefined && name !== "" ? name : basename(dirname(resolve(file)));
}

/**
 * The session a log file's path names: `<project>/<session>.jsonl`, or the folder right under
 * the project for logs kept deeper (`<project>/<session>/subagents/agent-1.jsonl`).
 *
 * @example pathSession("/h/.claude/projects/-h-shop/s1/subagents/agent-1.jsonl"); // "s1"
 */
export function pathSession(file: string): string {
  const parts = resolve(file).split(sep);
  const at = parts.lastIndexOf("projects");
  const below = at === -1 ? [] : parts.slice(at + 2);
  return below.length > 1 ? (below[0] as string) : basename(file).replace(/\.jsonl$/, "");
}

/**
 * How Claude Code names a project folder after its working directory.
 *
 * @example folderKey("/home/josé/app"); // "-home-jos--app"
 */
export function folderKey(path: string): string {
  return path.replace(/[^a-zA-Z0-9]/g, "-");
}
