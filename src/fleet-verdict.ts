// The check itself, shared by the action and the command line: the fleet polled in rounds (or
// its reports-file compared), judged against the expected build. What the run shows of it is
// the caller's.
import { ConfigError } from './common/errors.js'
import { formatDuration } from './common/duration.js'
import { plural } from './common/plural.js'
import { redactor } from './common/redaction.js'
import { secretForms } from './common/secrets.js'
import type { ExpectedBuild } from './expected/resolve.js'
import type { Settings } from './config/settings.js'
import { host } from './host/host.js'
import { checkFleet, type CheckOptions } from './probe/check.js'
import type { Progress } from './report/cancelled.js'
import { redactVerdict } from './report/redact.js'
import { observeReports } from './verdict/from-reports.js'
import { judge, type Verdict } from './verdict/judge.js'
import { checkInRounds } from './watch/rounds.js'

/**
 * The fleet's verdict, secrets redacted. `onRound` gets each round's line under `wait`,
 * redacted but not escaped (each host escapes for where it prints).
 */
export async function fleetVerdict(
  settings: Settings,
  expected: ExpectedBuild,
  progress: Progress,
  onRound: (line: string) => void
): Promise<Verdict> {
  if (settings.reports) return redactVerdict(compareReports(settings, expected), settings.secrets)
  return poll(settings, expected, progress, onRound)
}

async function poll(
  settings: Settings,
  expected: ExpectedBuild,
  progress: Progress,
  onRound: (line: string) => void
): Promise<Verdict> {
  const rounds =
    settings.waitMs > 0
      ? `, rounds every ${formatDuration(settings.intervalMs)} for up to ${formatDuration(settings.waitMs)}`
      : ''
  return host().group(
    `Checking ${plural(settings.targets.length, 'target')} (at most ${settings.concurrency} at once, ${plural(settings.retries, 'retry', 'retries')}${rounds})`,
    async () => {
      const started = performance.now()
      // Made per line: a round can add secrets (a kubeconfig's credentials).
      const clean = (line: string) => redactor(settings.secrets)(line)
      const discovery = await loadDiscovery(settings)
      const options: CheckOptions = discovery?.lookup
        ? { ...settings, lookup: discovery.lookup }
        : settings
      const round = async () => {
        progress.round++
        progress.observed = new Map()
        if (discovery?.fansOut)
          return fannedOutRound(discovery, settings, options, progress, expected)
        const observed = await checkFleet(settings.targets, options, o =>
          progress.observed.set(o.target, o)
        )
        // Redacted before the round line is made from it: the line shortens builds, and the
        // first 7 characters of an echoed 40-hex token are no longer that secret.
        return redactVerdict(judge(observed, expected), settings.secrets)
      }
      const v = await checkInRounds(round, settings, line => onRound(clean(line)))
      host().info(
        `Checked ${plural(v.targets.length, 'target')} in ${Math.round(performance.now() - started)} ms`
      )
      return v
    }
  )
}

type Discovery = typeof import('./discover/round.js')

/**
 * `addresses: all` and `dns-servers`: their module, loaded only for fleets that use them, and
 * the lookup of connections through `dns-servers`.
 */
async function loadDiscovery(settings: Settings): Promise<
  | {
      module: Discovery
      fansOut: boolean
      lookup?: CheckOptions['lookup']
      kube?: Awaited<ReturnType<Discovery['loadKubeConfig']>>
    }
  | undefined
> {
  const fansOut = settings.targets.some(t => t.addresses === 'all' || t.kubernetes)
  if (!fansOut && settings.dnsServers.length === 0) return undefined
  const module = await import('./discover/round.js')
  // `kubernetes`: the kubeconfig is read once (a missing one is bad input, before any round).
  const kube = settings.targets.some(t => t.kubernetes)
    ? { kube: await module.loadKubeConfig() }
    : {}
  if (settings.dnsServers.length === 0) return { module, fansOut, ...kube }
  // Each connection's request deadline bounds its lookup too; the resolver's own is the longest.
  const timeoutMs = settings.targets.reduce((ms, t) => Math.max(ms, t.timeoutMs), 0)
  return { module, fansOut, lookup: module.connectLookup(settings.dnsServers, timeoutMs), ...kube }
}

/**
 * A round of a fleet with `addresses: all`: every name resolved again, each address checked as
 * an instance, each group's own entry (a name that did not resolve, a count not met) judged
 * with them.
 */
async function fannedOutRound(
  { module: discovery, kube }: NonNullable<Awaited<ReturnType<typeof loadDiscovery>>>,
  settings: Settings,
  options: CheckOptions,
  progress: Progress,
  expected: ExpectedBuild
): Promise<Verdict> {
  const fan = await discovery.discover(
    settings.targets,
    { servers: settings.dnsServers, concurrency: settings.concurrency, retries: settings.retries },
    kube
  )
  // Past the 10,000-target cap: a clear failure, never a silent cut.
  if (!fan.ok) throw new ConfigError(fan.error)
  // The kubeconfig's credentials (an exec plugin's token may be new each round): masked in the
  // log, redacted from everything the run shows.
  const known = new Set(settings.secrets)
  for (const secret of secretForms(fan.value.secrets)) {
    if (known.has(secret)) continue
    host().setSecret(secret)
    settings.secrets.push(secret)
  }
  progress.targets = fan.value.targets
  progress.outcomes = [...fan.value.outcomes, ...fan.value.known]
  const own = fan.value.dispatcherFor ? { dispatcherFor: fan.value.dispatcherFor } : {}
  let observed
  try {
    observed = await checkFleet(fan.value.targets, { ...options, ...own }, o =>
      progress.observed.set(o.target, o)
    )
  } finally {
    await fan.value.close()
  }
  const verdict = judge(discovery.inFleetOrder(fan.value, observed), expected, {
    entries: [],
    allowed: settings.allowUndeclared
  })
  return redactVerdict(verdict, settings.secrets)
}

function compareReports(settings: Settings, expected: ExpectedBuild): Verdict {
  const { observations, undeclared } = observeReports(settings.targets, settings.reports ?? [])
  host().info(
    `Comparing ${plural(observations.length, 'target')} with the reports-file (${plural(undeclared.length, 'undeclared entry', 'undeclared entries')})`
  )
  return judge(observations, expected, { entries: undeclared, allowed: settings.allowUndeclared })
}
