#!/usr/bin/env node
// the CLI runs from the compiled output that `npm install` builds (the "prepare" script)
import { main } from "../dist/src/cli/main.js";

process.exitCode = await main(process.argv);
