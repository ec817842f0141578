/**
 * Import rules checked by `npm run check:imports` (part of `npm test`): no cycle between
 * files, type-only imports included (they still tie two modules' designs together), and the
 * API package never imports the jobs package (the entry points compose the processes).
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Imports point one way: connector → query → chart → dashboard → page.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'api-never-imports-jobs',
      severity: 'error',
      from: { path: '^api/' },
      to: { path: '^jobs/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|build|\\.astro|\\.docusaurus)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
  },
};
