export const id = 943;
export const ids = [943];
export const modules = {

/***/ 8943:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createApi: () => (/* binding */ createApi),
/* harmony export */   describeApiError: () => (/* binding */ describeApiError),
/* harmony export */   isPermissionProblem: () => (/* binding */ isPermissionProblem),
/* harmony export */   repoFromEnv: () => (/* binding */ repoFromEnv)
/* harmony export */ });
/* unused harmony export retryDelay */
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
// The GitHub REST API, loaded only when a feature needs it: plain fleet checks never pay for
// Octokit's start-up. Requests are few and retried on 5xx and rate limits.

const ATTEMPTS = 4;
const MAX_WAIT_MS = 60_000;
async function createApi(token) {
    const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    const octokit = getOctokit(token);
    octokit.hook.wrap('request', async (request, options) => {
        for (let attempt = 1;; attempt++) {
            try {
                return await request(options);
            }
            catch (error) {
                const wait = retryDelay(error, attempt);
                if (wait === undefined || attempt >= ATTEMPTS)
                    throw error;
                await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(wait);
            }
        }
    });
    return octokit;
}
/** How long to wait before retrying, or undefined when the error is not worth a retry. */
function retryDelay(error, attempt, now = Date.now()) {
    const status = error.status ?? 0;
    const headers = error.response?.headers ?? {};
    const rateLimited = status === 429 ||
        (status === 403 &&
            (String(headers['x-ratelimit-remaining']) === '0' || headers['retry-after'] !== undefined));
    if (!rateLimited && status < 500)
        return undefined;
    // A limit that lifts later than a minute from now is not worth the runner's time: give up.
    const within = (ms) => (ms <= MAX_WAIT_MS ? ms : undefined);
    const retryAfter = Number(headers['retry-after']);
    if (Number.isFinite(retryAfter) && headers['retry-after'] !== undefined)
        return within(retryAfter * 1000);
    const reset = Number(headers['x-ratelimit-reset']);
    if (rateLimited && Number.isFinite(reset) && reset > 0)
        return within(Math.max(reset * 1000 - now, 0) + 1000);
    return Math.min(1000 * 2 ** (attempt - 1), MAX_WAIT_MS);
}
function repoFromEnv(env) {
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    return owner && repo ? { owner, repo } : undefined;
}
/** 403 and 404 mean the token lacks a permission (fork PRs get read-only tokens). */
function isPermissionProblem(error) {
    const status = error?.status;
    return status === 403 || status === 404;
}
function describeApiError(error) {
    const e = error;
    return e?.status
        ? `HTTP ${e.status}: ${e.message ?? ''}`.trim()
        : String(e?.message ?? error);
}


/***/ })

};
