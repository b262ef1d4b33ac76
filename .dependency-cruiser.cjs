/**
 * Which way imports go (docs/architecture.md): interfaces (cli, server, gateway) → adapters
 * (ledger, ingest) → domain (tokens, usage, pricing, planning, governance, optimize, compute) →
 * shared. `npm run lint` fails on any import against these arrows. Tests and test support may
 * import anything; the product may not import them.
 */
const DOMAIN = "^src/(tokens|usage|pricing|planning|governance|optimize|compute)/";
const ADAPTERS_AND_INTERFACES = "^src/(ledger|ingest|gateway|server|cli|demo)/";
const TEST_CODE = "(^test/|/testing/|\\.test\\.tsx?$|\\.case\\.ts$|\\.fixture\\.ts$)";
// Node modules that reach outside the process: a domain function takes data, it does not fetch it
const IO_BUILTINS = "^(node:)?(fs|fs/promises|net|http|https|http2|child_process|worker_threads|cluster|dgram|dns|readline|tls)$";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "modules that import each other cannot be read or changed one at a time",
      from: {},
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "domain folders take rows and return results: no adapter, interface or I/O",
      from: { path: DOMAIN, pathNot: TEST_CODE },
      to: { path: ADAPTERS_AND_INTERFACES },
    },
    {
      name: "domain-does-no-io",
      severity: "error",
      comment: "domain folders take rows and return results: no files, sockets or processes",
      from: { path: DOMAIN, pathNot: TEST_CODE },
      to: { dependencyTypes: ["core"], path: IO_BUILTINS },
    },
    {
      name: "shared-is-a-leaf",
      severity: "error",
      comment: "src/shared holds helpers every layer uses, so it imports none of them",
      from: { path: "^src/shared/", pathNot: TEST_CODE },
      to: { path: "^src/(?!shared/)" },
    },
    {
      name: "only-bin-runs-the-cli",
      severity: "error",
      comment: "the CLI is an interface: nothing in the product builds on it",
      from: { path: "^(src|web)/", pathNot: ["^src/cli/", TEST_CODE] },
      to: { path: "^src/cli/" },
    },
    {
      name: "cli-uses-no-server-code",
      severity: "error",
      comment: "the CLI talks to a server through the ledger's HTTP store; only `serve` starts one",
      from: { path: "^src/cli/", pathNot: ["^src/cli/commands/serve\\.ts$", TEST_CODE] },
      to: { path: "^src/server/" },
    },
    {
      name: "adapters-use-no-interfaces",
      severity: "error",
      comment: "the ledger and the importers serve the CLI, the server and the gateway, never the reverse",
      from: { path: "^src/(ledger|ingest)/", pathNot: TEST_CODE },
      to: { path: "^src/(cli|server|gateway)/" },
    },
    {
      name: "product-ships-no-test-code",
      severity: "error",
      comment: "simulators, fixtures and case suites stay out of the published package",
      from: { path: "^(src|web/src)/", pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
  ],
  options: {
    // TypeScript 7 ships no compiler API, so swc parses; .tsx (the dashboard's components) is left to Biome's noImportCycles
    parser: "swc",
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["\\.tsx$", "^dist/", "node_modules"] },
    moduleSystems: ["es6"],
  },
};
