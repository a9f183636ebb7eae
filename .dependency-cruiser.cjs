/**
 * The layer rule (DESIGN.md, docs/architecture.md), checked in `npm test`: every arrow points inwards.
 *
 *   domain ← ports ← app ← adapters (sharepoint, state, csv, presets, sample) ← teams ← server (the one composition root)
 *                                                                              ← cli
 *   i18n: labels and formats shared by the Teams cards and the tab (pure; imports domain only)
 *   tab:  its own files, src/i18n, and `import type` of the server's view types
 *   dev:  the stand-ins (local tenant, Teams stand-in, Playground, Azurite); never imported by src, never shipped
 */
const PURE_LIBRARIES = ['@holiday-jp/holiday_jp'];
/**
 * Tests beside their subject (STYLE.md) may build their input the real way (a fixture, YAML through
 * src/app, a helper under tests/); the rules are about the code they test. `testing/` folders hold
 * test support and are not built.
 */
const TESTS = '(\\.test\\.tsx?$|/testing/)';
const node = (p) => `(^|/)node_modules/${p}/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'src-never-imports-dev-bench-tests',
      comment: 'The product (src/) never imports the stand-ins of dev/, the benchmarks or the tests: none of them is shipped.',
      severity: 'error',
      from: { path: '^src/', pathNot: TESTS },
      to: { path: '^(dev|bench|tests|tab)/' },
    },
    {
      name: 'domain-is-pure',
      comment: 'src/domain has no I/O, no SDK and imports nothing outside src/domain (except pure data libraries).',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: TESTS },
      to: { pathNot: ['^src/domain/', ...PURE_LIBRARIES.map(node)] },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: TESTS },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'ports-are-types-over-the-domain',
      comment: 'src/ports: one interface per file, over domain types; nothing else.',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { pathNot: ['^src/ports/', '^src/domain/'] },
    },
    {
      name: 'i18n-is-pure',
      comment: 'src/i18n (labels and formats for the cards and the tab) imports only the domain, and runs in the browser too.',
      severity: 'error',
      from: { path: '^src/i18n/', pathNot: TESTS },
      to: { pathNot: ['^src/i18n/', '^src/domain/', ...PURE_LIBRARIES.map(node)] },
    },
    {
      name: 'i18n-no-node-builtins',
      severity: 'error',
      from: { path: '^src/i18n/', pathNot: TESTS },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'app-uses-domain-and-ports',
      comment: 'Use cases reach the world only through src/ports.',
      severity: 'error',
      from: { path: '^src/app/', pathNot: TESTS },
      to: { pathNot: ['^src/app/', '^src/domain/', '^src/ports/', '^src/i18n/', node('yaml')] },
    },
    {
      name: 'app-no-node-builtins',
      severity: 'error',
      from: { path: '^src/app/', pathNot: TESTS },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'adapters-point-inwards',
      comment: 'Adapters (sharepoint, state, csv, presets, sample, pdf) implement ports for the use cases: they never reach an edge (teams, server, cli).',
      severity: 'error',
      from: { path: '^src/(sharepoint|state|csv|presets|sample|pdf)/', pathNot: TESTS },
      to: { path: '^src/(teams|server|cli)/' },
    },
    {
      name: 'state-only-from-composition-roots',
      comment: 'src/state (Azure Storage) is wired in by the server and the CLI only; use cases see its ports.',
      severity: 'error',
      from: { path: '^src/(?!state/|server/|cli/)', pathNot: TESTS },
      to: { path: '^src/state/' },
    },
    {
      name: 'teams-edge-never-imports-server',
      comment: 'The Teams edge (src/teams: botbuilder, commands, card verbs, cards) imports app, ports, domain and i18n; the server wires it in, never the other way round.',
      severity: 'error',
      from: { path: '^src/teams/', pathNot: TESTS },
      to: { path: '^src/(server|cli|sharepoint|state|csv|presets|pdf)/' },
    },
    {
      name: 'botbuilder-only-in-the-teams-edge',
      comment: 'botbuilder is past end of support (docs/deploy.md): it stays in src/teams, so a move to the Teams SDK is one folder.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/teams/', TESTS] },
      to: { path: [node('botbuilder'), node('botbuilder-core'), node('botframework-connector'), node('botframework-schema')] },
    },
    {
      name: 'server-is-the-only-root',
      comment: 'Only the CLI (skillsteps serve) and dev start the server; nothing inside the layers does.',
      severity: 'error',
      from: { path: '^src/(?!server/|cli/)', pathNot: TESTS },
      to: { path: '^src/server/' },
    },
    {
      name: 'tab-only-its-own-code',
      comment: 'The tab talks to the server over HTTP: at run time it imports its own files, src/i18n and the section key (src/domain/units.ts, no imports of its own) only; the server\'s view types by `import type`.',
      severity: 'error',
      from: { path: '^tab/src/' },
      to: { path: '^(src/(?!i18n/|domain/units\\.ts$)|dev/|bench/|tests/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'tab-never-dev-or-tests',
      severity: 'error',
      from: { path: '^tab/src/', pathNot: TESTS },
      to: { path: '^(dev|bench|tests)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
};
