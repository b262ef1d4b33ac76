/** the provider simulator as its own process, for benchmarks: prints its URL, runs until killed */
import { startSimulator } from "../src/gateway/testing/simulator.js";

const sim = await startSimulator({ providerKey: "sk-sim-provider", record: false });
process.stdout.write(`simulator listening on ${sim.url}\n`);
process.on("SIGTERM", () => void sim.close().then(() => process.exit(0)));
