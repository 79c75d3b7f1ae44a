// The barest action that does fleet-check's job for one target, on fleet-check's stack:
// @actions/core (the product's contract), one GET over undici (which core loads anyway), the
// build compared, an output and a job summary. No settings, no retries, no report. What a
// one-target fleet-check takes beyond it is fleet-check's own; what it takes beyond the
// hello-world is the job. bench/run.mjs bundles it into .bench/floor-action/ at bench time.
import * as core from '@actions/core'
import { Agent, request } from 'undici'

const url = core.getInput('targets')
const expected = core.getInput('expected')
const agent = new Agent()
const res = await request(url, { dispatcher: agent, headers: { 'user-agent': 'floor-action' } })
const body = await res.body.json()
await agent.close()
const current = body.sha === expected
core.info(`${url} ${current ? 'current' : 'stale'} ${body.sha}`)
core.setOutput('result', current ? 'pass' : 'fail')
await core.summary
  .addHeading('Fleet', 2)
  .addRaw(current ? 'pass' : 'fail', true)
  .write()
if (!current) core.setFailed(`${url} reports ${body.sha}`)
