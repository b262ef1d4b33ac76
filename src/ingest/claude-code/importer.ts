/**
 * `tokenomics import claude-code`: Claude Code session logs (see `./read-log.ts` for the
 * format), one file at a time on this thread, or many at once on worker threads
 * (`./parallel.ts`). The readers import nothing from here, so there is no cycle.
 */
import type { ImportItem, Importer } from "../importer.js";
import { claudeProjectDirs } from "./paths.js";
import { readClaudeCodeLog } from "./read-log.js";

/** all the files, on worker threads when they are big enough (see `./parallel.ts`) */
async function* readClaudeCodeLogsLazily(files: readonly string[]): AsyncGenerator<ImportItem> {
  const { readClaudeCodeLogs } = await import("./parallel.js");
  yield* readClaudeCodeLogs(files);
}

export const claudeCodeImporter: Importer = {
  name: "claude-code",
  description: "Claude Code session logs (~/.claude/projects/**/*.jsonl, CLAUDE_CONFIG_DIR)",
  extensions: [".jsonl"],
  defaultPaths: () => claudeProjectDirs(),
  read: (file) => readClaudeCodeLog(file),
  readAll: (files) => readClaudeCodeLogsLazily(files),
};
