// The baseline fleet-check's start-up is held to: the minimal action that GitHub's own
// tutorials build. It bundles @actions/core and @actions/github with ncc, as most actions do,
// reads one input and the event, writes one output and a job summary. bench/run.mjs bundles it
// into .bench/hello-world/ at bench time; the build output is never committed.
import * as core from '@actions/core'
import * as github from '@actions/github'

const who = core.getInput('who-to-greet') || 'world'
core.info(`Hello ${who} from ${github.context.eventName} on ${github.context.sha.slice(0, 7)}`)
core.setOutput('time', new Date().toTimeString())
await core.summary.addHeading('Hello', 2).addRaw(`Hello ${who}`, true).write()
