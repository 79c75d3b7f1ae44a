// The architecture, checked by `npm test` (npm run deps): src/ folders are layers, and a module
// may import only from its own layer or one below it. So folders can never form a cycle again.
// Lowest first: each layer names what it is for.
const LAYERS = [
  'common', // leaf helpers: errors, results, validators, durations, redaction, regex, pool
  'host', // where inputs come from and output goes: the Actions runner, or a terminal
  'build', // build ids: comparing, placeholders, what an expected build may be
  'fleet', // the fleet document and reports-file, parsed to targets
  'verdict', // observations, comparing them with the expected build, the fleet's verdict
  'probe', // HTTP: asking each target, extracting its build
  'discover', // `addresses: all`: resolving names each round, fanning targets out to instances
  'watch', // rounds under `wait`
  'report', // what a run shows: headline, summary, JSON report, runner output
  'github', // the GitHub API: commit status, PR comment, deployments
  'expected', // where the expected build comes from
  'config' // the action's inputs and files, read into settings
]

const forbidden = LAYERS.map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `src/${layer}/ may import only from ${['itself', ...LAYERS.slice(0, i)].join(', ')}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: {
    path: '^src/',
    pathNot: [`^src/(${LAYERS.slice(0, i + 1).join('|')})/`]
  }
}))

module.exports = {
  forbidden: [
    ...forbidden,
    {
      name: 'no-circular',
      comment: 'No module cycles, inside a folder either.',
      severity: 'error',
      from: {},
      to: { circular: true }
    },
    {
      name: 'only-main-imports-main',
      comment: 'main.ts is the top: nothing below it imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/index\\.ts$' },
      to: { path: '^src/main\\.ts$' }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' }
  }
}
