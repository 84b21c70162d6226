/**
 * Architecture rules, checked by `npm run lint`: data flows files → ingest → store → analyses →
 * results → CLI / API / web; no import cycles between folders or modules.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      scope: 'folder',
      severity: 'error',
      comment: 'Folders must not import each other in a cycle.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'models-are-pure',
      severity: 'error',
      comment: 'models/ is pure statistics: it imports nothing else from the project.',
      from: { path: '^src/models/' },
      to: { path: '^src/', pathNot: '^src/models/' },
    },
    {
      name: 'schema-stands-alone',
      severity: 'error',
      comment: 'schema/ describes the data model and import types; it imports nothing else from the project.',
      from: { path: '^src/schema/' },
      to: { path: '^src/', pathNot: '^src/schema/' },
    },
    {
      name: 'store-below-ingest',
      severity: 'error',
      comment: 'store/ speaks SQL dialects only; the rules of imports and analyses live above it.',
      from: { path: '^src/store/' },
      to: { path: '^src/(ingest|workspace|analyses|report|export|cli|server|web|demo|privacy)/' },
    },
    {
      name: 'analyses-below-interfaces',
      severity: 'error',
      comment:
        'analyses/ never imports the CLI, the server, the web dashboard or the report that shows its results.',
      from: { path: '^src/analyses/' },
      to: { path: '^src/(cli|server|web|report)/' },
    },
    {
      name: 'ingest-below-interfaces',
      severity: 'error',
      from: { path: '^src/ingest/' },
      to: { path: '^src/(cli|server|web|analyses)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/|\\.test\\.ts$|/test-support/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
