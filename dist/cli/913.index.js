export const id = 913;
export const ids = [913];
export const modules = {

/***/ 9913:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  connectLookup: () => (/* reexport */ connectLookup),
  discover: () => (/* binding */ discover),
  inFleetOrder: () => (/* reexport */ inFleetOrder),
  loadKubeConfig: () => (/* reexport */ loadKubeConfig)
});

// EXTERNAL MODULE: ./src/common/pool.ts
var pool = __webpack_require__(3211);
// EXTERNAL MODULE: ./src/common/result.ts
var result = __webpack_require__(9452);
// EXTERNAL MODULE: external "node:dns/promises"
var promises_ = __webpack_require__(1553);
// EXTERNAL MODULE: ./src/common/duration.ts
var duration = __webpack_require__(5541);
// EXTERNAL MODULE: ./src/common/sleep.ts
var sleep = __webpack_require__(7814);
// EXTERNAL MODULE: ./src/probe/backoff.ts
var backoff = __webpack_require__(3802);
// EXTERNAL MODULE: ./src/verdict/reason.ts
var reason = __webpack_require__(33);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: ./src/common/values.ts
var values = __webpack_require__(9195);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
;// CONCATENATED MODULE: ./src/discover/pods.ts
// `kubernetes` targets: from a round's pod list to the targets to ask (one per pod) and what the
// round already knows without asking (a pod not Ready, a port name it lacks, the image digest it
// runs, a count not met, a list that failed). Pure.


/** The URL that lists a target's pods (the group entry's url too). */
function listUrl(server, namespace, selector) {
    return `${server}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods?labelSelector=${encodeURIComponent(selector)}`;
}
/** "api/api-7d9f-x2x4": a pod's target name. */
function podTargetName(name, pod) {
    return `${name}/${pod}`;
}
/** Pods that have ended (Succeeded, Failed) are no targets; every other pod is. */
function isLive(pod) {
    const phase = pod.status?.phase;
    return phase !== 'Succeeded' && phase !== 'Failed';
}
function isReady(pod) {
    return (pod.status?.conditions ?? []).some(c => c.type === 'Ready' && c.status === 'True');
}
/** "Pending", "CrashLoopBackOff": the first waiting (or terminated) container's reason, else the phase. */
function notReadyWhy(pod) {
    for (const c of pod.status?.containerStatuses ?? []) {
        const why = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
        if (why)
            return why;
    }
    return pod.status?.phase ?? 'Unknown';
}
/** The `sha256:<64 hex>` in an imageID, whatever prefix the runtime writes; else undefined. */
function imageDigest(imageID) {
    const m = /sha256:([0-9a-f]{64})(?![0-9a-f])/i.exec(imageID ?? '');
    return m ? `sha256:${m[1].toLowerCase()}` : undefined;
}
/** The digest a pod runs, for report: image; or why it has none. */
function podDigest(pod, container) {
    const statuses = pod.status?.containerStatuses ?? [];
    const name = pod.metadata?.name ?? '';
    let status = statuses[0];
    if (container !== undefined) {
        status = statuses.find(s => s.name === container);
        if (!status) {
            const has = statuses.map(s => s.name ?? '').join(', ') || 'none';
            return (0,reason/* reason */.l)('no-digest', `no status of container ${(0,errors/* quote */.h)(container)} in pod ${name} (containers: ${has})`);
        }
    }
    else if (statuses.length > 1) {
        const has = statuses.map(s => s.name ?? '').join(', ');
        return (0,reason/* reason */.l)('no-digest', `pod ${name} has ${statuses.length} containers (${has}); expected container: to name the one to check`);
    }
    else if (!status) {
        return (0,reason/* reason */.l)('no-digest', `pod ${name} has no container status yet`);
    }
    const digest = imageDigest(status.imageID);
    if (digest)
        return { digest };
    return (0,reason/* reason */.l)('no-digest', `container ${(0,errors/* quote */.h)(status.name ?? '')} runs no image digest yet`);
}
/** The number of a container port given by name, from the pod's spec; undefined when none has it. */
function resolvePort(pod, port) {
    if (typeof port === 'number')
        return port;
    for (const c of pod.spec?.containers ?? []) {
        for (const p of c.ports ?? [])
            if (p.name === port && p.containerPort)
                return p.containerPort;
    }
    return undefined;
}
/** What a pod target carries into the report. */
function podInfo(pod) {
    return {
        name: pod.metadata?.name ?? '',
        node: pod.spec?.nodeName || null,
        ready: isReady(pod),
        ...(pod.metadata?.deletionTimestamp ? { terminating: true } : {})
    };
}
/**
 * One slot per live pod of `target`, in the order listed (the API sorts by name): a request
 * through the API server's proxy (or to the pod's IP), the image digest it runs, or why it
 * cannot be asked.
 */
function podSlots(target, list) {
    const spec = target.kubernetes;
    const slots = [];
    for (const pod of list.pods.filter(isLive)) {
        const name = pod.metadata?.name ?? '';
        const info = podInfo(pod);
        const base = `${list.server}/api/v1/namespaces/${encodeURIComponent(list.namespace)}/pods/${encodeURIComponent(name)}`;
        const t = {
            ...target,
            name: podTargetName(target.name, name),
            group: target.name,
            pod: info,
            url: base,
            displayUrl: base
        };
        const known = (o) => ({
            known: 'digest' in o
                ? { target: t, kind: 'reported', build: o.digest, attempts: 0, ms: 0 }
                : { target: t, kind: 'none', ...terminating(o, info), attempts: 0, ms: 0 }
        });
        if (!info.ready) {
            slots.push(known((0,reason/* reason */.l)('not-ready', `not ready: ${notReadyWhy(pod)}`)));
            continue;
        }
        if (spec.report === 'image') {
            slots.push(known(podDigest(pod, spec.container)));
            continue;
        }
        const port = resolvePort(pod, spec.port);
        if (port === undefined) {
            slots.push(known((0,reason/* reason */.l)('no-port', `no container port named ${(0,errors/* quote */.h)(spec.port)} in pod ${name}`)));
            continue;
        }
        if (spec.via === 'pod-ip') {
            const ip = pod.status?.podIP;
            if (!ip) {
                slots.push(known((0,reason/* reason */.l)('not-ready', `pod ${name} has no IP address yet`)));
                continue;
            }
            const url = `http://${ip.includes(':') ? `[${ip}]` : ip}:${port}${spec.path}`;
            slots.push({ ask: { ...t, url, displayUrl: url } });
            continue;
        }
        // The API server dials the port verbatim: the number, never the name.
        const url = `${base}:${port}/proxy${spec.path}`;
        slots.push({ ask: { ...t, url, displayUrl: url, headers: { ...t.headers, ...list.headers } } });
    }
    return slots;
}
/**
 * A pod's observation once asked: a 401 or 403 through the API server's proxy is most likely
 * the credentials lacking `get pods/proxy` (the pod's own would need an Authorization header,
 * which cannot go through the proxy).
 */
function podObservation(o) {
    const t = o.target;
    if (!t.pod || o.kind !== 'none')
        return o;
    const refused = t.kubernetes?.via === 'proxy' && o.code === 'http-status' && /^HTTP 40[13]\b/.test(o.reason);
    const why = refused
        ? (0,reason/* reason */.l)('kube-api', `${o.reason} through the API server proxy: the credentials may not get pods/proxy in namespace ${(0,errors/* quote */.h)(namespaceOf(t.url))}; add an RBAC Role rule: apiGroups: [""], resources: ["pods/proxy"], verbs: ["get"] (or the pod itself refused)`)
        : { code: o.code, reason: o.reason };
    return { ...o, ...terminating(why, t.pod) };
}
/** A terminating pod's failure says so: it may still serve, or be gone a moment later. */
function terminating(r, info) {
    return info.terminating ? { code: r.code, reason: `${r.reason} (pod terminating)` } : r;
}
function namespaceOf(url) {
    const m = /\/api\/v1\/namespaces\/([^/]+)\/pods\//.exec(url);
    return m ? decodeURIComponent(m[1]) : '';
}

// EXTERNAL MODULE: ./src/common/plural.ts
var plural = __webpack_require__(9627);
;// CONCATENATED MODULE: ./src/discover/fan-out.ts
// `addresses: all`: from declared targets and what their host names resolved to, the targets to
// ask (one instance per address) and what the round already knows about each group (its name
// did not resolve; it has fewer or more instances than its `count`). Pure.





/** "api@10.0.0.7", "api@2001:db8::7": an instance's name (IPv6 without brackets). */
function instanceName(name, address) {
    return `${name}@${address}`;
}
/** The host name an `addresses: all` target resolves (lower case, no brackets, no port). */
function hostOf(target) {
    return new URL(target.url).hostname;
}
/**
 * Each address once, IPv4 before IPv6, each in numeric order: DNS servers rotate their answers,
 * and instances should keep their place from one round to the next.
 */
function orderAddresses(addresses) {
    const keyed = [...new Set(addresses)].map(a => ({ a, key: sortKey(a) }));
    keyed.sort((x, y) => x.key < y.key ? -1 : x.key > y.key ? 1 : x.a < y.a ? -1 : x.a > y.a ? 1 : 0);
    return keyed.map(k => k.a);
}
/** A text that sorts like the address: "4" and 4 bytes, or "6" and 16, in fixed-width hex. */
function sortKey(address) {
    if ((0,external_node_net_.isIPv4)(address)) {
        return `4${address
            .split('.')
            .map(o => Number(o).toString(16).padStart(2, '0'))
            .join('')}`;
    }
    return `6${ipv6Groups(address)
        .map(g => g.toString(16).padStart(4, '0'))
        .join('')}`;
}
/** The eight 16-bit groups of an IPv6 address (with a trailing dotted quad, if any). */
function ipv6Groups(address) {
    let text = address.replace(/%.*$/, '');
    const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
    if (quad) {
        const [a, b, c, d] = quad.slice(1).map(Number);
        text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    }
    const [head, tail] = text.split('::');
    const parse = (s) => (s ? s.split(':').map(g => parseInt(g, 16) || 0) : []);
    const before = parse(head);
    const after = parse(tail);
    const zeros = tail === undefined ? 0 : Math.max(0, 8 - before.length - after.length);
    return [...before, ...new Array(zeros).fill(0), ...after];
}
function countProblem(found, count, noun = 'instances') {
    if (count === undefined || found === count)
        return undefined;
    return found < count
        ? { status: 'missing', code: 'count-short', reason: `found ${found} of ${count} ${noun}` }
        : {
            status: 'undeclared',
            code: 'count-over',
            reason: `found ${found} ${noun}, ${count} declared`
        };
}
/**
 * One instance per address of each `addresses: all` target (keyed in `resolved` by hostOf), the
 * rest as declared; or, past the 10,000-target cap, why the fleet cannot be checked. A group
 * without a resolution is missing, never skipped.
 */
function fanOut(targets, resolved, pods = new Map()) {
    const out = { targets: [], outcomes: [], known: [], slots: [] };
    const sizes = [];
    for (const t of targets) {
        if (t.kubernetes) {
            const n = fanOutPods(t, pods.get(t.name), out);
            if (n !== undefined)
                sizes.push({ name: t.name, n });
            continue;
        }
        if (t.addresses !== 'all') {
            out.targets.push(t);
            out.slots.push({ ask: t });
            continue;
        }
        const host = hostOf(t);
        const r = resolved.get(host) ?? (0,result/* err */._)({ code: 'dns', reason: `${host}: not resolved` });
        const group = { ...t, group: t.name };
        const took = { attempts: r.attempts ?? 1, ms: r.ms ?? 0 };
        const addresses = r.ok ? orderAddresses(r.value) : [];
        if (!r.ok || addresses.length === 0) {
            const why = r.ok ? { code: 'dns', reason: `${host}: no A or AAAA records` } : r.error;
            addOutcome(out, { target: group, kind: 'none', ...why, ...took });
            continue;
        }
        const problem = countProblem(addresses.length, t.count);
        if (problem)
            addOutcome(out, countOutcome(group, problem, took));
        for (const address of addresses) {
            const instance = { ...t, name: instanceName(t.name, address), group: t.name, address };
            out.targets.push(instance);
            out.slots.push({ ask: instance });
        }
        sizes.push({ name: t.name, n: addresses.length });
    }
    if (out.targets.length > values/* MAX_TARGETS */.kz)
        return (0,result/* err */._)(capMessage(out.targets.length, sizes));
    return (0,result.ok)(out);
}
/** A `kubernetes` target's pods into `out`; how many there are (undefined: not listed). */
function fanOutPods(t, listing, out) {
    const took = { attempts: listing?.attempts ?? 1, ms: listing?.ms ?? 0 };
    const r = listing ?? (0,result/* err */._)({ code: 'kube-api', reason: `pods of ${t.name}: not listed` });
    if (!r.ok) {
        addOutcome(out, { target: { ...t, group: t.name }, kind: 'none', ...r.error, ...took });
        return undefined;
    }
    const url = listUrl(r.value.server, r.value.namespace, t.kubernetes?.selector ?? '');
    const group = { ...t, group: t.name, url, displayUrl: url };
    const slots = podSlots(group, r.value);
    // Fewer pods than declared, or none at all: the group is missing, never an empty pass.
    const problem = countProblem(slots.length, t.count, 'pods') ??
        (slots.length === 0
            ? { status: 'missing', code: 'count-short', reason: `found no pods` }
            : undefined);
    if (problem)
        addOutcome(out, countOutcome(group, problem, took));
    for (const s of slots) {
        if ('ask' in s) {
            out.targets.push(s.ask);
            out.slots.push({ ask: s.ask });
        }
        else {
            out.known.push(s.known);
            out.slots.push({ known: s.known });
        }
    }
    return slots.length;
}
function capMessage(total, sizes) {
    const largest = [...sizes]
        .sort((a, b) => b.n - a.n)
        .slice(0, 3)
        .map(s => `${s.name}: ${s.n.toLocaleString('en-US')}`)
        .join(', ');
    const instances = sizes.reduce((n, s) => n + s.n, 0);
    return (`the fleet has ${total.toLocaleString('en-US')} targets once addresses: all names are resolved ` +
        `(${instances.toLocaleString('en-US')} instances of ${(0,plural/* plural */.L)(sizes.length, 'name')}; largest ${largest}); ` +
        `expected at most ${values/* MAX_TARGETS */.kz}: split the fleet across steps, or check fewer names with addresses: all`);
}
/** The round's observations in fleet order: each group's entry right before its instances. */
function inFleetOrder(fan, observed) {
    const byTarget = new Map(observed.map(o => [o.target, o]));
    return fan.slots.map((s) => {
        if ('outcome' in s)
            return s.outcome;
        if ('known' in s)
            return s.known;
        // Every target asked has an observation; one without would be missing, never dropped.
        const o = byTarget.get(s.ask);
        if (o && s.ask.pod)
            return podObservation(o);
        return (o ?? {
            target: s.ask,
            kind: 'none',
            code: 'request-failed',
            reason: 'not checked',
            attempts: 0,
            ms: 0
        });
    });
}
/** A group's own entry, among the outcomes and in its place in fleet order. */
function addOutcome(out, outcome) {
    out.outcomes.push(outcome);
    out.slots.push({ outcome });
}
/** An unmet count as the group's entry: too few is missing, too many is a surplus. */
function countOutcome(group, { code, reason }, took) {
    return code === 'count-short'
        ? { target: group, kind: 'none', code, reason, ...took }
        : { target: group, kind: 'surplus', code, reason, ...took };
}

;// CONCATENATED MODULE: ./src/discover/dns.ts
// Resolving host names: every address of each `addresses: all` name, once a round; and, with
// `dns-servers`, the lookups of every connection. The discovery module with the I/O. Without
// `dns-servers` names go to the system resolver (getaddrinfo, so /etc/hosts counts, as when
// connecting); with it, to those servers, asked for A and AAAA.








/**
 * The addresses of every `addresses: all` target's host name, each name once (its longest
 * `timeout` bounds each attempt), keyed by hostOf. DNS records can lag behind a rollout, so a
 * failure is retried like a request.
 */
async function resolveAll(targets, options) {
    const hosts = new Map();
    for (const t of targets) {
        if (t.addresses !== 'all')
            continue;
        const host = hostOf(t);
        hosts.set(host, Math.max(hosts.get(host) ?? 0, t.timeoutMs));
    }
    const resolvers = new Resolvers(options.servers);
    try {
        const resolved = await (0,pool/* mapLimit */.s)([...hosts], options.concurrency, async ([host, timeoutMs]) => {
            const start = performance.now();
            for (let attempt = 1;; attempt++) {
                const r = await resolveHost(host, timeoutMs, resolvers.get(timeoutMs));
                if (r.ok || attempt > options.retries) {
                    const ms = Math.round(performance.now() - start);
                    return [host, { ...r, attempts: attempt, ms }];
                }
                await (0,sleep/* sleep */.y)((0,backoff/* backoffMs */.j)(attempt, undefined));
            }
        });
        return new Map(resolved);
    }
    finally {
        // A query past its deadline would otherwise run on; none is pending once every name is done.
        resolvers.cancel();
    }
}
/**
 * Every address of `host` within `timeoutMs`: through `resolver` (A and AAAA), or without one
 * through the system resolver. Or why there is none.
 */
async function resolveHost(host, timeoutMs, resolver) {
    let timer;
    const deadline = new Promise(resolve => {
        timer = setTimeout(() => resolve((0,result/* err */._)(timedOut(host, timeoutMs))), timeoutMs);
    });
    try {
        const asked = resolver ? viaServers(host, resolver, timeoutMs) : viaSystem(host, timeoutMs);
        return await Promise.race([asked, deadline]);
    }
    finally {
        clearTimeout(timer);
    }
}
/** A dns.Resolver asking `servers`, whose queries end at `timeoutMs` (one try each). */
function makeResolver(servers, timeoutMs) {
    const resolver = new promises_.Resolver({ timeout: timeoutMs, tries: 1 });
    resolver.setServers(servers);
    return resolver;
}
/** One resolver per timeout (a Resolver's is fixed when made), for one round. */
class Resolvers {
    servers;
    made = new Map();
    constructor(servers) {
        this.servers = servers;
    }
    /** undefined without `dns-servers`: the system resolver */
    get(timeoutMs) {
        if (this.servers.length === 0)
            return undefined;
        let r = this.made.get(timeoutMs);
        if (!r)
            this.made.set(timeoutMs, (r = makeResolver(this.servers, timeoutMs)));
        return r;
    }
    cancel() {
        for (const r of this.made.values())
            r.cancel();
    }
}
async function viaSystem(host, timeoutMs) {
    try {
        const found = await (0,promises_.lookup)(host, { all: true });
        return found.length ? (0,result.ok)(found.map(a => a.address)) : (0,result/* err */._)(noRecords(host));
    }
    catch (e) {
        return (0,result/* err */._)(describeDnsError(host, e, timeoutMs, false));
    }
}
/**
 * A and AAAA, asked together. A name with records of one family only answers the other with
 * NODATA, which is no failure; any other error of either question fails the name, since the
 * addresses it hides could be instances.
 */
async function viaServers(host, resolver, timeoutMs) {
    const answers = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    const addresses = [];
    for (const a of answers) {
        if (a.status === 'fulfilled')
            addresses.push(...a.value);
        else if (a.reason?.code !== 'ENODATA')
            return (0,result/* err */._)(describeDnsError(host, a.reason, timeoutMs, true));
    }
    return addresses.length ? (0,result.ok)(addresses) : (0,result/* err */._)(noRecords(host));
}
function noRecords(host) {
    return (0,reason/* reason */.l)('dns', `${host}: no A or AAAA records`);
}
function timedOut(host, timeoutMs) {
    return (0,reason/* reason */.l)('dns', `${host}: DNS lookup timed out after ${(0,duration/* formatDuration */.a)(timeoutMs)}`);
}
/** What a resolver's error says, as a reason a user can act on. */
function describeDnsError(host, error, timeoutMs, servers) {
    const code = error?.code ?? '';
    const why = {
        // getaddrinfo says ENOTFOUND for a name that does not exist and for one without addresses.
        ENOTFOUND: servers ? 'no such host (NXDOMAIN)' : 'host not found',
        ENODATA: 'no A or AAAA records',
        ESERVFAIL: 'DNS server failure (SERVFAIL)',
        EREFUSED: 'DNS server refused the query (REFUSED)',
        ECONNREFUSED: 'connection to the DNS server refused',
        EAI_AGAIN: 'DNS lookup failed (temporary)'
    };
    if (code === 'ETIMEOUT')
        return timedOut(host, timeoutMs);
    return (0,reason/* reason */.l)('dns', `${host}: ${why[code] ?? `DNS lookup failed (${code || String(error)})`}`);
}
/** The code of a connection's lookup error through `dns-servers`; its message is the reason. */
const DNS_LOOKUP_FAILED = 'FLEET_CHECK_DNS';
/**
 * The lookup of every connection when `dns-servers` is set: the name through those servers
 * (so a plain target connects where they say). An error carries the resolver's reason (code
 * DNS_LOOKUP_FAILED), which the probe reports as it is.
 */
function connectLookup(servers, timeoutMs) {
    const resolver = makeResolver(servers, timeoutMs);
    const fail = (message, hostname) => Object.assign(new Error(message), { code: DNS_LOOKUP_FAILED, hostname });
    return (hostname, options, callback) => {
        void viaServers(hostname, resolver, timeoutMs).then(r => {
            if (!r.ok)
                return callback(fail(r.error.reason, hostname), '', 0);
            const family = { IPv4: 4, IPv6: 6 }[String(options.family)] ?? options.family;
            const found = r.value
                .map(address => ({ address, family: address.includes(':') ? 6 : 4 }))
                .filter(a => !family || a.family === family);
            if (found.length === 0)
                return callback(fail(`${hostname}: no IPv${family} address`, hostname), '', 0);
            if (options.all)
                callback(null, found);
            else
                callback(null, found[0].address, found[0].family);
        });
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./shims/undici/index.js
var undici = __webpack_require__(4461);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/probe/http.ts + 5 modules
var http = __webpack_require__(7229);
;// CONCATENATED MODULE: ./src/discover/kubernetes.ts
// `kubernetes` targets: the kubeconfig (read once a run, as kubectl reads it) and each round's
// pod list, through the API server with the kubeconfig's credentials. The I/O of that discovery.
// From @kubernetes/client-node only its kubeconfig entry parsers (config_types.js) and its exec
// credential plugin runner (exec_auth.js) are used, imported here with import(): its KubeConfig
// class imports the whole generated API client (a 19 MB chunk, 0.6 s to load), these two
// modules import nothing but node:fs and node:child_process. Credentials are applied here as
// kubectl applies them; requests go through undici, with the target's deadline.












/** Pods a page: large workloads are listed in pages, never in one huge answer. */
const PAGE_SIZE = 500;
/** A page's body at most (500 pods of a few KiB each, with room). */
const MAX_PAGE_BYTES = 32 * 1024 * 1024;
const HOW_TO_SET = 'run a step that writes it first (azure/k8s-set-context, aws eks update-kubeconfig, google-github-actions/get-gke-credentials), or set KUBECONFIG to its path';
/** The kubeconfig files, as kubectl finds them: KUBECONFIG's list, else ~/.kube/config. */
function kubeconfigPaths(env) {
    const list = (env.KUBECONFIG ?? '').split(external_node_path_.delimiter).filter(p => p !== '');
    if (list.length)
        return { paths: list, from: `KUBECONFIG=${(0,errors/* quote */.h)(env.KUBECONFIG)}` };
    const home = env.HOME || (0,external_node_os_.homedir)();
    const path = (0,external_node_path_.join)(home, '.kube', 'config');
    return { paths: [path], from: `~/.kube/config (${path})` };
}
/** The kubeconfig of this run: read once, merged as kubectl merges KUBECONFIG's files. */
async function loadKubeConfig(env = process.env) {
    const { paths, from } = kubeconfigPaths(env);
    const found = paths.filter(p => (0,external_node_fs_.existsSync)(p));
    // The library would fall back to localhost:8080: a check of nothing. Bad input instead.
    if (found.length === 0) {
        throw new errors/* ConfigError */.x(`kubernetes targets need a kubeconfig, and there is none at ${from}; expected a kubeconfig file there: ${HOW_TO_SET}`);
    }
    const [types, { ExecAuth }] = await Promise.all([
        __webpack_require__.e(/* import() */ 617).then(__webpack_require__.bind(__webpack_require__, 6617)),
        __webpack_require__.e(/* import() */ 497).then(__webpack_require__.bind(__webpack_require__, 3497))
    ]);
    const kc = {
        clusters: [],
        users: [],
        contexts: [],
        currentContext: '',
        tokenFiles: new Map(),
        exec: new ExecAuth()
    };
    for (const file of found) {
        try {
            readFile(kc, file, types);
        }
        catch (e) {
            throw new errors/* ConfigError */.x(`the kubeconfig ${file} (from ${from}) could not be read: ${e?.message ?? String(e)}; expected a kubeconfig file as kubectl writes it`);
        }
    }
    return kc;
}
/** One file into `kc`; as kubectl merges, the first file to set a value wins. */
function readFile(kc, file, types) {
    const text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    // A kubeconfig holds credentials: an error names the line, never quotes it.
    const parsed = (0,dist/* parseDocument */.Tp)(text, { prettyErrors: false });
    if (parsed.errors.length) {
        const at = parsed.errors[0].pos?.[0];
        const line = at === undefined ? undefined : text.slice(0, at).split('\n').length;
        throw new Error(`YAML syntax error${line === undefined ? '' : ` at line ${line}`}`);
    }
    const doc = parsed.toJS();
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
        throw new Error('expected a mapping with clusters, users and contexts');
    // Relative file paths in a kubeconfig are relative to its folder.
    const root = (0,external_node_path_.dirname)(file);
    const absolute = (p) => (p && !(0,external_node_path_.isAbsolute)(p) ? (0,external_node_path_.join)(root, p) : p);
    for (const c of types.newClusters(doc.clusters)) {
        if (kc.clusters.some(x => x.name === c.name))
            continue;
        kc.clusters.push({ ...c, caFile: absolute(c.caFile) });
    }
    for (const u of types.newUsers(doc.users)) {
        if (kc.users.some(x => x.name === u.name))
            continue;
        kc.users.push({ ...u, certFile: absolute(u.certFile), keyFile: absolute(u.keyFile) });
    }
    for (const c of types.newContexts(doc.contexts)) {
        if (!kc.contexts.some(x => x.name === c.name))
            kc.contexts.push(c);
    }
    const users = Array.isArray(doc.users) ? doc.users : [];
    for (const raw of users) {
        const u = raw;
        const path = u?.user?.tokenFile;
        if (typeof u?.name === 'string' && typeof path === 'string' && path !== '')
            if (!kc.tokenFiles.has(u.name))
                kc.tokenFiles.set(u.name, (0,external_node_path_.resolve)(root, path));
    }
    const current = doc['current-context'];
    if (!kc.currentContext && typeof current === 'string')
        kc.currentContext = current;
}
/** A file's bytes, or base64 data, or nothing (as the library and kubectl read `*-data`). */
function fileOrData(file, data) {
    if (file)
        return (0,external_node_fs_.readFileSync)(file);
    return data ? Buffer.from(data, 'base64') : undefined;
}
/**
 * A connection to the API server of `context` (the current one when undefined), with credentials
 * fresh for this round (an exec plugin's token may have expired since the last one). An unknown
 * context, a context without a server, an unreadable file are bad input; credentials that cannot
 * be had (an exec plugin that fails) are a reason.
 */
async function connect(kc, context, connections, timeoutMs) {
    const name = context ?? kc.currentContext;
    const ctx = kc.contexts.find(c => c.name === name);
    if (!ctx) {
        const known = kc.contexts.map(c => c.name).join(', ') || 'none';
        throw new errors/* ConfigError */.x(context === undefined
            ? `the kubeconfig has no current context${name ? ` (current-context ${(0,errors/* quote */.h)(name)} is not among its contexts)` : ''}; expected current-context to be set, or kubernetes.context on the target (contexts: ${known})`
            : `kubernetes.context ${(0,errors/* quote */.h)(context)} is not in the kubeconfig; expected one of: ${known}`);
    }
    const cluster = kc.clusters.find(c => c.name === ctx.cluster);
    if (!cluster?.server) {
        throw new errors/* ConfigError */.x(`the kubeconfig's context ${(0,errors/* quote */.h)(ctx.name)} has no cluster with a server; expected its cluster ${(0,errors/* quote */.h)(ctx.cluster)} to have server: https://...`);
    }
    const user = kc.users.find(u => u.name === ctx.user);
    const headers = {};
    let ca;
    let cert;
    let key;
    try {
        ca = fileOrData(cluster.caFile, cluster.caData);
        cert = fileOrData(user?.certFile, user?.certData);
        key = fileOrData(user?.keyFile, user?.keyData);
        const tokenFile = user ? kc.tokenFiles.get(user.name) : undefined;
        // kubectl: a token wins over a token file, read again every round (it may be rotated).
        if (user?.token)
            headers.Authorization = `Bearer ${user.token}`;
        else if (tokenFile)
            headers.Authorization = `Bearer ${(0,external_node_fs_.readFileSync)(tokenFile, 'utf8').trim()}`;
    }
    catch (e) {
        throw new errors/* ConfigError */.x(`a file the kubeconfig's context ${(0,errors/* quote */.h)(ctx.name)} names cannot be read: ${e?.message ?? String(e)}; expected a readable file`);
    }
    if (user?.authProvider && !kc.exec.isAuthProvider(user)) {
        const provider = user.authProvider.name;
        throw new errors/* ConfigError */.x(`the kubeconfig's user ${(0,errors/* quote */.h)(user.name)} authenticates with auth-provider ${(0,errors/* quote */.h)(provider)}, which fleet-check does not run; expected a token, a client certificate or an exec plugin (as gke-gcloud-auth-plugin and kubelogin provide)`);
    }
    if (user && kc.exec.isAuthProvider(user)) {
        const opts = { headers: {} };
        try {
            await kc.exec.applyAuthentication(user, opts);
        }
        catch (e) {
            return (0,result/* err */._)((0,reason/* reason */.l)('kube-api', `the exec credential plugin of context ${(0,errors/* quote */.h)(ctx.name)} failed: ${e?.message?.trim() || String(e)}`));
        }
        if (opts.headers.Authorization)
            headers.Authorization = opts.headers.Authorization;
        if (opts.cert)
            cert = opts.cert;
        if (opts.key)
            key = opts.key;
    }
    if (!headers.Authorization && user?.username && user.password !== undefined)
        headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
    if (user?.impersonateUser)
        headers['Impersonate-User'] = user.impersonateUser;
    const secrets = [
        headers.Authorization ?? '',
        key?.toString() ?? '',
        user?.token ?? '',
        user?.password ?? ''
    ].filter(s => s !== '');
    const tls = {
        // The cluster's CA alone, as kubectl trusts it; without one, the public roots.
        ...(ca ? { ca } : {}),
        ...(cert ? { cert } : {}),
        ...(key ? { key } : {}),
        ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
        rejectUnauthorized: !cluster.skipTLSVerify
    };
    // undici's abort does not end a connect (or TLS handshake) under way: its own timeout must.
    const connect = { ...tls, timeout: timeoutMs };
    const fresh = () => new undici.Agent({ keepAliveTimeout: 4_000, connections, connect });
    return (0,result.ok)({
        context: ctx.name,
        server: cluster.server.replace(/\/+$/, ''),
        namespace: ctx.namespace || 'default',
        headers,
        dispatcher: fresh(),
        fresh,
        secrets
    });
}
/**
 * Every pod of a target's selector, page by page; failures retried like requests. 401 and 403
 * end the run: credentials do not change between rounds, and the message says which rule to add.
 */
async function listPods(target, conn, retries) {
    const spec = target.kubernetes;
    if (!spec)
        return (0,result/* err */._)((0,reason/* reason */.l)('kube-api', 'not a kubernetes target'));
    const namespace = spec.namespace ?? conn.namespace;
    const start = performance.now();
    const pods = [];
    let attempts = 0;
    let next;
    do {
        const url = `${conn.server}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods` +
            `?labelSelector=${encodeURIComponent(spec.selector)}&limit=${PAGE_SIZE}` +
            (next ? `&continue=${encodeURIComponent(next)}` : '');
        let page;
        for (let attempt = 1;; attempt++) {
            attempts++;
            page = await getPage(url, conn, target, namespace);
            if (page.ok || !page.error.transient || attempt > retries)
                break;
            await (0,sleep/* sleep */.y)((0,backoff/* backoffMs */.j)(attempt, undefined));
        }
        const took = { attempts, ms: Math.round(performance.now() - start) };
        if (!page.ok) {
            const { code, reason: why } = page.error;
            return { ...(0,result/* err */._)({ code, reason: `listing pods in ${(0,errors/* quote */.h)(namespace)}: ${why}` }), ...took };
        }
        pods.push(...page.value.items);
        next = page.value.next;
    } while (next);
    const took = { attempts, ms: Math.round(performance.now() - start) };
    return { ...(0,result.ok)({ server: conn.server, namespace, pods, headers: conn.headers }), ...took };
}
async function getPage(url, conn, target, namespace) {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), target.timeoutMs);
    const fail = (r, transient) => (0,result/* err */._)({ ...r, transient });
    try {
        const { origin, pathname, search } = new URL(url);
        const res = await conn.dispatcher.request({
            origin,
            path: pathname + search,
            method: 'GET',
            headers: { accept: 'application/json', 'user-agent': 'fleet-check', ...conn.headers },
            signal: deadline.signal
        });
        if (res.statusCode === 401 || res.statusCode === 403) {
            res.body.on('error', () => undefined);
            res.body.destroy();
            throw new errors/* ConfigError */.x(forbidden(res.statusCode, target, conn, namespace));
        }
        const text = await readLimited(res.body);
        if (text === undefined)
            return fail((0,reason/* reason */.l)('too-large', 'the pod list page is over 32 MiB'), false);
        if (res.statusCode < 200 || res.statusCode > 299) {
            const message = statusMessage(text);
            return fail((0,reason/* reason */.l)('kube-api', `HTTP ${res.statusCode}${message ? `: ${message}` : ''}`), res.statusCode >= 500 || res.statusCode === 429);
        }
        let list;
        try {
            list = JSON.parse(text);
        }
        catch {
            return fail((0,reason/* reason */.l)('kube-api', 'the API server answered no JSON pod list'), false);
        }
        if (!list || !Array.isArray(list.items))
            return fail((0,reason/* reason */.l)('kube-api', 'the API server answered no pod list'), false);
        return (0,result.ok)({ items: list.items, next: list.metadata?.continue || undefined });
    }
    catch (e) {
        if (e instanceof errors/* ConfigError */.x)
            throw e;
        if (deadline.signal.aborted)
            return fail((0,reason/* reason */.l)('kube-api', `timed out after ${(0,duration/* formatDuration */.a)(target.timeoutMs)}`), true);
        const why = (0,http/* describeError */.Uc)(e);
        return fail((0,reason/* reason */.l)('kube-api', `${why.reason} (${conn.server})`), why.transient);
    }
    finally {
        clearTimeout(timer);
    }
}
async function readLimited(body) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        size += chunk.length;
        if (size > MAX_PAGE_BYTES) {
            body.on('error', () => undefined);
            body.destroy();
            return undefined;
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
}
/** A Status answer's message (server text: escaped wherever it is printed). */
function statusMessage(text) {
    try {
        const s = JSON.parse(text);
        return typeof s.message === 'string' ? s.message.slice(0, 300) : '';
    }
    catch {
        return '';
    }
}
function forbidden(status, target, conn, namespace) {
    const what = status === 401
        ? 'the API server did not accept the credentials (HTTP 401)'
        : 'the credentials may not list pods there (HTTP 403)';
    const proxy = target.kubernetes?.report === 'http' && target.kubernetes.via === 'proxy'
        ? `, and resources: ["pods/proxy"], verbs: ["get"] for report: http through the proxy`
        : '';
    return (`kubernetes target ${(0,errors/* quote */.h)(target.name)}: list pods in namespace ${(0,errors/* quote */.h)(namespace)} (context ${(0,errors/* quote */.h)(conn.context)}): ${what}; ` +
        `expected credentials that may list pods: a Role in ${(0,errors/* quote */.h)(namespace)} with the rule apiGroups: [""], resources: ["pods"], verbs: ["list"]${proxy}, bound to the user of the context`);
}

;// CONCATENATED MODULE: ./src/discover/round.ts
// What main.ts loads, only for fleets that use `addresses: all`, `kubernetes` or `dns-servers`
// (plain checks start without it): a round's fan-out, putting its results in fleet order, and
// the lookup of connections through `dns-servers`.








/**
 * Resolves every `addresses: all` name and lists every `kubernetes` target's pods again
 * (instances and pods come and go during a rollout) and fans the fleet out; or, past the
 * 10,000-target cap, why it cannot be checked.
 */
async function discover(targets, options, kube) {
    const resolved = await resolveAll(targets, options);
    const pods = new Map();
    const conns = new Map();
    const close = async () => {
        await Promise.all([...conns.values()].map(c => c.dispatcher.destroy()));
    };
    const declared = targets.filter(t => t.kubernetes);
    if (kube && declared.length) {
        // One connection a context, made one at a time (the config's current context is switched).
        const failed = new Map();
        for (const t of declared) {
            const key = t.kubernetes?.context ?? '';
            if (conns.has(key) || failed.has(key))
                continue;
            // The longest timeout of the context's targets bounds its connects.
            const timeoutMs = declared
                .filter(x => (x.kubernetes?.context ?? '') === key)
                .reduce((ms, x) => Math.max(ms, x.timeoutMs), 0);
            const c = await connect(kube, t.kubernetes?.context, options.concurrency, timeoutMs);
            if (c.ok)
                conns.set(key, c.value);
            else
                failed.set(key, c);
        }
        try {
            const listed = await (0,pool/* mapLimit */.s)(declared, options.concurrency, async (t) => {
                const key = t.kubernetes?.context ?? '';
                const c = conns.get(key);
                return [t.name, c ? await listPods(t, c, options.retries) : failed.get(key)];
            });
            for (const [name, l] of listed)
                if (l)
                    pods.set(name, l);
        }
        catch (e) {
            await close();
            throw e;
        }
    }
    const fan = fanOut(targets, resolved, pods);
    if (!fan.ok) {
        await close();
        return fan;
    }
    const secrets = [...conns.values()].flatMap(c => c.secrets);
    const dispatcherFor = t => {
        const spec = t.kubernetes;
        if (!t.pod || !spec || spec.via !== 'proxy' || spec.report !== 'http')
            return undefined;
        const c = conns.get(spec.context ?? '');
        return c ? { shared: c.dispatcher, fresh: c.fresh } : undefined;
    };
    return (0,result.ok)({ ...fan.value, ...(conns.size ? { dispatcherFor } : {}), secrets, close });
}


/***/ })

};
