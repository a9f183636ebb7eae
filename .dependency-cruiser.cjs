/**
 * The layer rule of DESIGN.md, checked in `npm test`: dependencies point inwards.
 * domain imports nothing of ours and no SDK or I/O; app imports domain and ports only.
 */
const PURE_LIBRARIES = ['@holiday-jp/holiday_jp'];
/**
 * Tests beside their subject (STYLE.md) may build its input the real way: a domain test reads a
 * fixture, parses YAML through src/app or CSV bytes through src/csv. The rule is about the code they test.
 */
const TESTS = '\\.test\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain has no I/O, no SDK and imports nothing outside src/domain (except pure data libraries).',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: TESTS },
      to: {
        pathNot: [`^src/domain/`, ...PURE_LIBRARIES.map((p) => `(^|/)node_modules/${p}/`)],
      },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: TESTS },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'app-uses-domain-and-ports',
      comment: 'Use cases reach the world only through src/ports.ts.',
      severity: 'error',
      from: { path: '^src/app/', pathNot: TESTS },
      to: { pathNot: ['^src/app/', '^src/domain/', '^src/ports\\.ts$', '(^|/)node_modules/yaml/'] },
    },
    {
      name: 'app-no-node-builtins',
      severity: 'error',
      from: { path: '^src/app/', pathNot: TESTS },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'state-only-from-composition-roots',
      comment: 'src/state (Azure Storage) is an adapter: the server, the CLI, the bot, dev, bench and tests wire it in; domain, app, ports and the other adapters never import it.',
      severity: 'error',
      from: { path: '^src/(?!state/|server/|cli/)', pathNot: TESTS },
      to: { path: '^src/state/' },
    },
    {
      name: 'state-imports-inwards',
      comment: 'src/state implements src/ports.ts with domain types, its config section and the Azure SDKs; no use case, server, bot or other adapter.',
      severity: 'error',
      from: { path: '^src/state/', pathNot: TESTS },
      to: { path: '^(src/(?!state/|domain/|ports\\.ts$|config\\.ts$)|bot/|dev/|bench/|tests/|tab/)' },
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
