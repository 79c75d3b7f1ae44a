// The command line's expected build when neither `--expected` nor GITHUB_SHA gives one: the
// commit the CI system says it is building, then the working directory's git HEAD (read by the
// caller). Pure: the environment comes in as an argument.

/** The variables each CI system sets to the commit it builds, in the order they are tried. */
export const CI_COMMIT_VARIABLES = [
  ['CI_COMMIT_SHA', 'GitLab CI'],
  ['GIT_COMMIT', 'Jenkins'],
  ['CIRCLE_SHA1', 'CircleCI'],
  ['BUILDKITE_COMMIT', 'Buildkite'],
  ['BITBUCKET_COMMIT', 'Bitbucket Pipelines']
] as const

/** An expected build found outside the inputs, and where (for the log and for messages). */
export interface FoundBuild {
  build: string
  /** where it came from, for the log: `CI_COMMIT_SHA (GitLab CI)` */
  source: string
}

/** The first CI commit variable that is set, or undefined. */
export function commitFromCi(env: Record<string, string | undefined>): FoundBuild | undefined {
  for (const [name, system] of CI_COMMIT_VARIABLES) {
    const value = env[name]?.trim()
    if (value) return { build: value, source: `environment variable ${name} (${system})` }
  }
  return undefined
}

/** What a message says was tried, when nothing was found. */
export const TRIED = `GITHUB_SHA, ${CI_COMMIT_VARIABLES.map(([name]) => name).join(', ')}, and git HEAD`
