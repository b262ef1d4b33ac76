#!/usr/bin/env node
// the CLI runs from the compiled output that `npm install` builds (the "prepare" script)
import { main } from "../dist/src/cli/main.js";

// `tokenomics report | head` closes the pipe early: that is the reader's choice, not an error
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

process.exitCode = await main(process.argv);
