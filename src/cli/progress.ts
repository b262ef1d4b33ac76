/**
 * A progress line on stderr when it is a terminal; silent when piped, so output stays clean.
 * Redraws at most ten times a second.
 */
export function progress(label: string, total?: number): { tick(done: number): void; done(summary?: string): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    tick(done: number) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const width = 30;
      const bar = total ? `[${"#".repeat(Math.round((done / total) * width)).padEnd(width)}] ${Math.floor((done / total) * 100)}%` : "";
      process.stderr.write(`\r${label} ${bar} ${done.toLocaleString("en-US")}${total ? `/${total.toLocaleString("en-US")}` : ""}\x1b[K`);
    },
    done(summary?: string) {
      if (tty) process.stderr.write("\r\x1b[K");
      if (summary) process.stderr.write(`${summary}\n`);
    },
  };
}
