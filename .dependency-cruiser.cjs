/**
 * The architecture of STYLE.md, checked on every test run: dependencies point
 * one way (http, web, cli → app → domain, oscal, ledger), only main.ts opens
 * the store, the core does no I/O, and other folders are reached only through
 * their index.ts.
 */
const layer = (name) => `^src/${name}/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain holds the rules: it imports nothing outside itself, not even Node built-ins.',
      severity: 'error',
      from: { path: layer('domain') },
      to: { pathNot: [layer('domain')] },
    },
    {
      name: 'oscal-and-ledger-are-core',
      comment: 'src/oscal and src/ledger depend only on domain and on libraries, never on outer layers.',
      severity: 'error',
      from: { path: '^src/(oscal|ledger)/' },
      to: { path: '^src/(app|store|http|web|cli|i18n)/|^src/main\\.ts$' },
    },
    {
      name: 'core-does-no-io',
      comment: 'Pure core: no file system, network or processes (oscal/file-loader.ts is the one loader, passed in by callers).',
      severity: 'error',
      from: { path: '^src/(domain|oscal|ledger)/', pathNot: '^src/oscal/file-loader\\.ts$|\\.test\\.ts$' },
      to: { path: '^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|tls)$', dependencyTypes: ['core'] },
    },
    {
      name: 'app-knows-no-adapters',
      comment: 'Use cases declare ports; they never import the store, mail, HTTP, pages or CLI (their tests may, to run them on real adapters).',
      severity: 'error',
      from: { path: layer('app'), pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(store|mail|http|web|cli)/|^src/main\\.ts$' },
    },
    {
      name: 'only-main-opens-the-store',
      comment: 'The store implements app ports; only main.ts (and tests) import it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(store/|main\\.ts$)|\\.test\\.ts$' },
      to: { path: layer('store') },
    },
    {
      name: 'store-serves-app',
      comment: 'The store depends on app ports and domain types, not on the outer layers.',
      severity: 'error',
      from: { path: layer('store') },
      to: { path: '^src/(http|web|cli)/|^src/main\\.ts$' },
    },
    {
      name: 'http-does-not-render-pages',
      comment: 'The API knows nothing of the pages or the CLI (main.ts composes them); web may use http problem codes.',
      severity: 'error',
      from: { path: layer('http') },
      to: { path: '^src/(web|cli)/' },
    },
    {
      name: 'cli-stands-alone',
      comment: 'The CLI drives use cases, not the HTTP layer or the pages.',
      severity: 'error',
      from: { path: layer('cli') },
      to: { path: '^src/(web|http)/' },
    },
    {
      name: 'through-the-index',
      comment: "Another folder is reached only through its index.ts, its public surface.",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/([^/]+)/.+', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports is dead code (tests, entry points and declarations excepted).',
      severity: 'error',
      from: { orphan: true, pathNot: ['\\.test\\.ts$', '^src/bin\\.ts$', '\\.d\\.ts$', '^src/[^/]+/index\\.ts$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|test/fixtures|src/oscal/generated)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
