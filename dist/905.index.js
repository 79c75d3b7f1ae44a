export const id = 905;
export const ids = [905];
export const modules = {

/***/ 5905:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  publishToGitHub: () => (/* binding */ publishToGitHub)
});

// UNUSED EXPORTS: statusCommit

// EXTERNAL MODULE: ./src/host/host.ts + 20 modules
var host = __webpack_require__(6172);
// EXTERNAL MODULE: ./src/build/placeholders.ts
var placeholders = __webpack_require__(7276);
// EXTERNAL MODULE: ./src/build/compare.ts
var compare = __webpack_require__(1223);
// EXTERNAL MODULE: ./src/github/api.ts
var api = __webpack_require__(8943);
// EXTERNAL MODULE: ./src/report/sanitize.ts
var sanitize = __webpack_require__(1211);
// EXTERNAL MODULE: ./src/verdict/judge.ts
var judge = __webpack_require__(5186);
// EXTERNAL MODULE: ./src/common/plural.ts
var plural = __webpack_require__(9627);
;// CONCATENATED MODULE: ./src/github/commit-status.ts
// A commit status with a stable context: the requirable verdict on the deployed commit, also
// when the workflow runs on deployment_status, workflow_run or schedule.




const DESCRIPTION_LIMIT = 140;
/**
 * "8 of 8 targets current" or "1 stale, 2 missing; 5 of 8 targets current"; under consensus
 * "8 of 8 targets agree on 1a2b3c4" (the status sits on the event's commit, so it names the
 * build the servers agree on). At most 140 characters.
 */
function statusDescription(v) {
    const count = (s) => v.targets.filter(t => t.status === s).length;
    // Declared targets: undeclared reports-file entries are counted on their own, and so is a
    // group's own entry (`addresses: all`: its instances are the targets).
    const n = v.targets.filter(t => t.status !== 'undeclared' && !(0,judge/* isGroupEntry */.GW)(t)).length;
    const current = count('current');
    const tally = !v.consensus
        ? `${current} of ${(0,plural/* plural */.L)(n, 'target')} current`
        : v.expected === null
            ? `no build has a majority of ${(0,plural/* plural */.L)(n, 'target')}`
            : `${current} of ${(0,plural/* plural */.L)(n, 'target')} agree on ${(0,sanitize/* forLog */.Ig)((0,compare/* shortBuild */.NB)(v.expected), 40)}`;
    let text;
    if (v.result === 'pass')
        text = tally;
    else {
        const off = ['stale', 'mixed', 'missing', 'undeclared']
            .map(s => [s, count(s)])
            .filter(([, k]) => k > 0)
            .map(([s, k]) => `${k} ${s}`);
        text = off.length ? `${off.join(', ')}; ${tally}` : `not stable yet; ${tally}`;
    }
    return text.length > DESCRIPTION_LIMIT ? `${text.slice(0, DESCRIPTION_LIMIT - 1)}\u2026` : text;
}
async function postCommitStatus(api, repo, sha, context, v, targetUrl) {
    await api.request('POST /repos/{owner}/{repo}/statuses/{sha}', {
        ...repo,
        sha,
        // Only a passing fleet gives success; everything else is failure.
        state: v.result === 'pass' ? 'success' : 'failure',
        context,
        description: statusDescription(v),
        ...(targetUrl ? { target_url: targetUrl } : {})
    });
}
/** The run's page: where a reader of the status finds the log and the summary. */
function runUrl(env) {
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID)
        return undefined;
    const attempt = env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
    return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${attempt}`;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/report/summary.ts
var summary = __webpack_require__(7994);
// EXTERNAL MODULE: ./src/common/result.ts
var result = __webpack_require__(9452);
;// CONCATENATED MODULE: ./src/github/pr-comment.ts
// One sticky comment per fleet on the pull request, found by a hidden marker, updated in place
// and left alone when nothing changed.



/** GitHub refuses comments over 65,536 characters; bytes bound characters from above. */
const COMMENT_LIMIT_BYTES = 60_000;
/** A marker per fleet, so two fleet-check steps keep two comments. */
function commentMarker(targets) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const t of targets)
        hash.update(`${t.name}\n${t.url}\n`);
    return `<!-- fleet-check:${hash.digest('hex').slice(0, 16)} -->`;
}
/** The marker, then the job summary's text (cut to a comment's limit). */
function commentBody(marker, v, options = {}) {
    const limit = COMMENT_LIMIT_BYTES - marker.length - 1;
    return `${marker}\n${(0,summary/* renderSummary */.Br)(v, { ...options, limit })}`;
}
/** The pull request this event is about, or why there is none (for the log). */
async function findPullRequest(api, repo, eventName, payload) {
    if (eventName.startsWith('pull_request')) {
        const n = payload?.pull_request?.number;
        return typeof n === 'number'
            ? (0,result.ok)(n)
            : (0,result/* err */._)(`the ${eventName} payload has no pull_request.number`);
    }
    if (eventName === 'workflow_run') {
        const sha = payload?.workflow_run?.head_sha;
        if (typeof sha !== 'string')
            return (0,result/* err */._)('the workflow_run payload has no head_sha');
        const { data } = await api.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { ...repo, commit_sha: sha, per_page: 100 });
        const heads = data.filter(pr => pr.head?.sha === sha);
        const pr = heads.find(p => p.state === 'open') ?? heads[0];
        return pr ? (0,result.ok)(pr.number) : (0,result/* err */._)(`no pull request has head ${sha}`);
    }
    return (0,result/* err */._)(`a ${eventName || 'unknown'} event is not about a pull request`);
}
/** Creates the comment, or updates the one with this marker; returns what it did. */
async function upsertComment(api, repo, issue, marker, body) {
    let existing;
    for (let page = 1; page <= 30 && !existing; page++) {
        const { data } = await api.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
            ...repo,
            issue_number: issue,
            per_page: 100,
            page
        });
        existing = data.find(c => c.body?.startsWith(marker));
        if (data.length < 100)
            break;
    }
    if (!existing) {
        await api.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
            ...repo,
            issue_number: issue,
            body
        });
        return 'created';
    }
    if (existing.body === body)
        return 'unchanged';
    await api.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...repo,
        comment_id: existing.id,
        body
    });
    return 'updated';
}

;// CONCATENATED MODULE: ./src/github/status-and-comment.ts
// Reporting where GitHub users look: a commit status and a sticky PR comment. A reporting
// problem never changes the outcome: the fleet's verdict alone decides the exit code.






async function publishToGitHub(api, repo, v, 
/** where the expected build came from, for the comment (the job summary's text) */
expectedSource, options, env = process.env) {
    const context = options.commitStatus;
    if (context) {
        const sha = statusCommit(v, options.eventSha);
        if (!sha) {
            (0,host/* host */.Hc)().warning(v.consensus
                ? 'commit-status: no event commit to post on (under `expected: consensus` the status goes on the commit the workflow runs for, and this event has none)'
                : `commit-status: no full commit hash to post on (expected build ${JSON.stringify(v.expected)}); set \`expected\` to a 40-character commit hash`);
        }
        else {
            await attempt('post the commit status', 'statuses: write', async () => {
                await postCommitStatus(api, repo, sha, context, v, runUrl(env));
                (0,host/* host */.Hc)().info(`Commit status "${context}" set to ${v.result === 'pass' ? 'success' : 'failure'} on ${sha}`);
            });
        }
    }
    if (options.prComment) {
        await attempt('update the pull request comment', 'pull-requests: write', async () => {
            const pr = await findPullRequest(api, repo, options.eventName, options.payload);
            if (!pr.ok)
                return (0,host/* host */.Hc)().info(`pr-comment: skipped, ${pr.error}`);
            // The declared fleet only: undeclared reports-file entries come and go between runs.
            const declared = v.targets.filter(t => t.status !== 'undeclared');
            const marker = commentMarker(declared.map(t => ({ name: t.name, url: t.url })));
            const done = await upsertComment(api, repo, pr.value, marker, commentBody(marker, v, { expectedSource }));
            (0,host/* host */.Hc)().info(`pr-comment: ${done} on #${pr.value}`);
        });
    }
}
/**
 * The commit the status goes on. Under consensus, the event's commit: the servers' agreed build
 * is what they say, and a status there would mark a commit nobody asked about. Otherwise the
 * expected build when it is a full commit hash; the event's commit stands in only for the build
 * it is (or for a build that is no hash): never a status on a commit the fleet was not checked
 * against.
 */
function statusCommit(v, eventSha) {
    // A 40-hex commit, and not git's null commit (a push that deletes a branch).
    const full = (s) => s && (0,compare/* hexOf */.ZD)(s)?.length === 40 && !(0,placeholders/* isPlaceholder */.wK)(s) ? (0,compare/* hexOf */.ZD)(s) : undefined;
    if (v.consensus)
        return full(eventSha);
    const expected = v.expected;
    if (full(expected))
        return full(expected);
    const event = full(eventSha);
    if (!event)
        return undefined;
    return !expected || !(0,compare/* hexOf */.ZD)(expected) || (0,compare/* sameBuild */.tW)(event, expected) ? event : undefined;
}
async function attempt(what, permission, fn) {
    try {
        await fn();
    }
    catch (error) {
        const hint = (0,api/* isPermissionProblem */.nj)(error)
            ? `; grant \`${permission}\` in the workflow's \`permissions:\` (pull requests from forks get a read-only token whatever it says)`
            : '';
        (0,host/* host */.Hc)().warning(`fleet-check could not ${what} (${(0,api/* describeApiError */.gg)(error)})${hint}. The fleet's verdict stands.`);
    }
}


/***/ })

};
