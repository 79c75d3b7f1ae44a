export const id = 334;
export const ids = [334];
export const modules = {

/***/ 1334:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  connectLookup: () => (/* reexport */ connectLookup),
  discover: () => (/* binding */ discover),
  inFleetOrder: () => (/* reexport */ inFleetOrder)
});

// EXTERNAL MODULE: external "node:dns/promises"
var promises_ = __webpack_require__(1553);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./src/common/duration.ts
var duration = __webpack_require__(5541);
// EXTERNAL MODULE: ./src/common/pool.ts
var pool = __webpack_require__(3211);
// EXTERNAL MODULE: ./src/common/result.ts
var result = __webpack_require__(9452);
// EXTERNAL MODULE: ./src/probe/backoff.ts
var backoff = __webpack_require__(3802);
// EXTERNAL MODULE: ./src/verdict/reason.ts
var reason = __webpack_require__(33);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: ./src/common/values.ts
var values = __webpack_require__(9195);
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
function countProblem(found, count) {
    if (count === undefined || found === count)
        return undefined;
    return found < count
        ? { status: 'missing', code: 'count-short', reason: `found ${found} of ${count} instances` }
        : {
            status: 'undeclared',
            code: 'count-over',
            reason: `found ${found} instances, ${count} declared`
        };
}
/**
 * One instance per address of each `addresses: all` target (keyed in `resolved` by hostOf), the
 * rest as declared; or, past the 10,000-target cap, why the fleet cannot be checked. A group
 * without a resolution is missing, never skipped.
 */
function fanOut(targets, resolved) {
    const out = { targets: [], outcomes: [], slots: [] };
    const sizes = [];
    for (const t of targets) {
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
            const outcome = { target: group, kind: 'none', ...why, ...took };
            out.outcomes.push(outcome);
            out.slots.push({ outcome });
            continue;
        }
        const problem = countProblem(addresses.length, t.count);
        if (problem) {
            const { code, reason } = problem;
            const outcome = code === 'count-short'
                ? { target: group, kind: 'none', code, reason, ...took }
                : { target: group, kind: 'surplus', code, reason, ...took };
            out.outcomes.push(outcome);
            out.slots.push({ outcome });
        }
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
function capMessage(total, sizes) {
    const largest = [...sizes]
        .sort((a, b) => b.n - a.n)
        .slice(0, 3)
        .map(s => `${s.name}: ${s.n.toLocaleString('en-US')}`)
        .join(', ');
    const instances = sizes.reduce((n, s) => n + s.n, 0);
    return (`the fleet has ${total.toLocaleString('en-US')} targets once addresses: all names are resolved ` +
        `(${instances.toLocaleString('en-US')} instances of ${sizes.length} names; largest ${largest}); ` +
        `expected at most ${values/* MAX_TARGETS */.kz}: split the fleet across steps, or check fewer names with addresses: all`);
}
/** The round's observations in fleet order: each group's entry right before its instances. */
function inFleetOrder(fan, observed) {
    const byTarget = new Map(observed.map(o => [o.target, o]));
    return fan.slots.map((s) => {
        if ('outcome' in s)
            return s.outcome;
        // Every target asked has an observation; one without would be missing, never dropped.
        return (byTarget.get(s.ask) ?? {
            target: s.ask,
            kind: 'none',
            code: 'request-failed',
            reason: 'not checked',
            attempts: 0,
            ms: 0
        });
    });
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
                await (0,external_node_timers_promises_.setTimeout)((0,backoff/* backoffMs */.j)(attempt, undefined));
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

;// CONCATENATED MODULE: ./src/discover/round.ts




/**
 * Resolves every `addresses: all` name again (instances come and go during a rollout) and fans
 * the fleet out; or, past the 10,000-target cap, why it cannot be checked.
 */
async function discover(targets, options) {
    return fanOut(targets, await resolveAll(targets, options));
}


/***/ })

};
