export const id = 887;
export const ids = [887];
export const modules = {

/***/ 6887:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   lastSuccessfulDeployment: () => (/* binding */ lastSuccessfulDeployment)
/* harmony export */ });
/* unused harmony export newestFirst */
const INSPECTED = 30;
function newestFirst(items) {
    return [...items].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
}
/** The sha of the newest successful deployment, or an error message. */
async function lastSuccessfulDeployment(api, repo, environment) {
    const { data } = await api.request('GET /repos/{owner}/{repo}/deployments', {
        ...repo,
        environment,
        per_page: 100
    });
    if (data.length === 0)
        return `no deployments to environment ${JSON.stringify(environment)}`;
    for (const d of newestFirst(data).slice(0, INSPECTED)) {
        const statuses = await api.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
            ...repo,
            deployment_id: d.id,
            per_page: 100
        });
        // A newer failed or in-progress deployment is skipped: only its latest status counts.
        if (newestFirst(statuses.data)[0]?.state === 'success')
            return { sha: d.sha, id: d.id };
    }
    return `none of the newest ${Math.min(data.length, INSPECTED)} deployments to environment ${JSON.stringify(environment)} has success as its latest status`;
}


/***/ })

};
