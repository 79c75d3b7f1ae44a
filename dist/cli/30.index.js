export const id = 30;
export const ids = [30];
export const modules = {

/***/ 4649:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fleetJsonSchema: () => (/* binding */ fleetJsonSchema)
/* harmony export */ });
/* unused harmony exports SCHEMA_URL, wholeNumberPattern, mappingSchema */
/* harmony import */ var _common_regex_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6994);
/* harmony import */ var _common_values_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9195);
/* harmony import */ var _build_build_id_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6652);
/* harmony import */ var _checks_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5115);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7989);
/* harmony import */ var _target_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4543);
// The JSON Schema of the fleet file, for editors (yaml-language-server) to complete and validate
// it. Generated from the valibot objects the code validates with: their keys, which of them are
// required and their strictness come from schema.ts; each key's title, description and value
// schema come from KEY_DOCS below, and generation throws when the two disagree on a key. Pure.
//
// Editors read YAML with the core schema (`samples: 3` is a number, `cache-bust: false` a
// boolean) while the code reads every scalar as text: each value schema takes the typed forms a
// user writes. A schema keyword applies only to its own type (`pattern` to strings, `minimum` to
// numbers), so `{ type: ['integer', 'string'], minimum, maximum, pattern }` checks both forms.
// Where a rule is cheap to state exactly (a header name, a whole number in a range, a word in
// any case) the schema says what the code says; elsewhere (placeholders, RE2 syntax, a duration's
// range, cross-key rules across `defaults`) it accepts more, and fleet-check itself refuses the
// rest with its own message. The schema flags nothing the code accepts, save YAML's own types
// where nobody means them: `true`, `false` and `~` as a name, a build or a port.






/** Where the committed schema/fleet.schema.json is served: the schema's $id, and the README's. */
const SCHEMA_URL = 'https://raw.githubusercontent.com/fleet-check/fleet-check/main/schema/fleet.schema.json';
// ---- value schemas -------------------------------------------------------------------------
/** "expected \u2026" in the code's own words: what `check` says of a text nothing is. */
function expects(check) {
    const r = check('');
    if (r.ok)
        throw new Error('fleetJsonSchema: a check accepts the empty text');
    return `expected ${r.error.expected}`;
}
/** A regular expression's source without its ^ and $, to embed in another. */
function inner(re) {
    if (!re.source.startsWith('^') || !re.source.endsWith('$') || re.flags !== '') {
        throw new Error(`fleetJsonSchema: ${re} is not an anchored pattern without flags`);
    }
    return re.source.slice(1, -1);
}
/** Text the code trims before it checks: whitespace around `body` is allowed. */
const trimmed = (body) => `^\\s*(?:${body})\\s*$`;
/** A word in any case, as a pattern: "any" \u2192 [Aa][Nn][Yy]. */
function caseless(word) {
    return [...word]
        .map(c => /[a-z]/i.test(c)
        ? `[${c.toUpperCase()}${c.toLowerCase()}]`
        : c.replace(/[.*+?^${}()|[\]\\/]/, '\\$&'))
        .join('');
}
/** One of `values` (the code lower-cases the text): the enum for completion, any case valid. */
function anyCase(values, message) {
    return {
        anyOf: [
            { type: 'string', enum: [...values] },
            {
                type: 'string',
                pattern: trimmed(values.map(caseless).join('|')),
                patternErrorMessage: message
            }
        ]
    };
}
/** Any `n` digits. */
const digits = (n) => (n === 0 ? '' : n === 1 ? '\\d' : `\\d{${n}}`);
/** Decimal digits (no sign) of a whole number from `lo` to `hi`, which have as many digits. */
function sameLength(lo, hi) {
    if (lo === hi)
        return lo;
    if (lo[0] === hi[0])
        return lo[0] + sameLength(lo.slice(1), hi.slice(1));
    const rest = lo.length - 1;
    const [a, b] = [Number(lo[0]), Number(hi[0])];
    // The first digits whose every continuation is in range share one class: 1000-4999 is [1-4]\d{3}.
    const from = /^0*$/.test(lo.slice(1)) ? a : a + 1;
    const to = /^9*$/.test(hi.slice(1)) ? b : b - 1;
    const parts = [];
    if (from > a)
        parts.push(`${a}${sameLength(lo.slice(1), '9'.repeat(rest))}`);
    if (from <= to)
        parts.push(`${from === to ? from : `[${from}-${to}]`}${digits(rest)}`);
    if (to < b)
        parts.push(`${b}${sameLength('0'.repeat(rest), hi.slice(1))}`);
    return parts.length === 1 ? parts[0] : `(?:${parts.join('|')})`;
}
/** A pattern of the whole numbers from `min` to `max`, leading zeros allowed (as checkCount). */
function wholeNumberPattern(min, max) {
    const parts = [];
    for (let digits = String(min).length; digits <= String(max).length; digits++) {
        const lo = digits === String(min).length ? String(min) : `1${'0'.repeat(digits - 1)}`;
        const hi = digits === String(max).length ? String(max) : '9'.repeat(digits);
        parts.push(sameLength(lo, hi));
    }
    return `0*(?:${parts.join('|')})`;
}
/** A whole number from `min` to `max`: a YAML integer, or text the code converts. */
function wholeNumber(min, max, message) {
    return {
        type: ['integer', 'string'],
        minimum: min,
        maximum: max,
        pattern: trimmed(wholeNumberPattern(min, max)),
        patternErrorMessage: message
    };
}
/** Text that is not blank, at most `max` characters once trimmed. */
function nonBlank(max) {
    return trimmed(`\\S(?:[\\s\\S]{0,${max - 2}}\\S)?`);
}
const DURATION = String.raw `\d+(?:\.\d+)?`;
/**
 * Free text: a plain scalar YAML reads as a number is text to the code (`name: 5` is "5"), so
 * numbers are text too; `pattern` checks the strings. Not booleans: an editor would offer true
 * and false for the key, and nobody means `name: true`.
 */
const SCALAR = ['string', 'number'];
const URL_VALUE = {
    type: 'string',
    // The scheme may come from ${VAR}; parse.ts checks the rest.
    pattern: `^\\s*(?:${caseless('http')}[Ss]?:|\\$\\{)`,
    patternErrorMessage: 'expected an http:// or https:// URL'
};
/** `report: image`, in any case. */
const IMAGE = { type: 'string', pattern: trimmed(caseless('image')) };
/** A check's name, as `checks` keys it: what checkCheckName takes. */
const CHECK_NAME_PATTERN = `^(?!${caseless(_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .RESERVED_CHECK_NAME */ .g$)}$)(?=[\\s\\S]{1,${_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_CHECK_NAME */ .mG}}$)${inner(_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .CHECK_NAME */ .$c)}$`;
/** `checks`: names to checks (in a target, null drops a check of defaults). */
function checksValue(drop) {
    const check = { $ref: '#/definitions/check' };
    return {
        type: 'object',
        patternProperties: {
            [CHECK_NAME_PATTERN]: drop ? { anyOf: [check, { type: 'null' }] } : check
        },
        additionalProperties: false
    };
}
/** The targets: under `targets`, or the whole document. */
const TARGET_LIST = {
    type: 'array',
    minItems: 1,
    items: { $ref: '#/definitions/target' }
};
// ---- key docs ----------------------------------------------------------------------------------
/** The keys a target and `defaults` share. In `defaults`, each is every target's default. */
const SHARED_DOCS = {
    expected: {
        title: 'Expected build',
        description: 'The build this target must report (a commit hash or a build id); it wins over the `expected` input, even under `consensus`. A branch name or a placeholder such as `unknown` is refused.',
        value: {
            type: SCALAR,
            pattern: trimmed('\\S{1,128}'),
            patternErrorMessage: expects(_build_build_id_js__WEBPACK_IMPORTED_MODULE_2__/* .checkBuild */ .D)
        }
    },
    json: {
        title: 'JSON path of the build',
        description: 'Read the build at this dotted path of a JSON body; numeric segments index arrays: `builds.0.sha`. At most one of `json`, `header` and `regex`.',
        value: {
            type: SCALAR,
            pattern: trimmed('[^.\\s]+(?:\\.[^.\\s]+)*'),
            patternErrorMessage: expects(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkJsonPath */ .M6)
        }
    },
    header: {
        title: 'Response header of the build',
        description: 'Read the build from this response header. At most one of `json`, `header` and `regex`.',
        value: {
            type: SCALAR,
            pattern: _common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .HEADER_NAME */ .EQ.source,
            patternErrorMessage: expects(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkHeaderName */ .FS)
        }
    },
    regex: {
        title: 'Regular expression of the build',
        description: `Read the build with this RE2 regular expression (no backreferences, no lookaround; flags inline, as in \`(?i)build: (\\w+)\`): the first capture group, else the whole match. At most ${_common_regex_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_REGEX_LENGTH */ .yv} characters. At most one of \`json\`, \`header\` and \`regex\`.`,
        value: { type: SCALAR, minLength: 1, maxLength: _common_regex_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_REGEX_LENGTH */ .yv }
    },
    headers: {
        title: 'Request headers',
        description: 'Request headers, a mapping of name to value, merged over `defaults.headers` and the `headers` input (a later name wins, in any case). `${VAR}` in a value is read from the environment and masked.',
        value: {
            type: 'object',
            propertyNames: { pattern: _common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .HEADER_NAME */ .EQ.source, patternErrorMessage: expects(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkHeaderName */ .FS) },
            additionalProperties: {
                type: ['string', 'number', 'boolean'],
                // One line, not blank.
                pattern: '^(?![\\s\\S]*[\\r\\n\\u0000])\\s*\\S',
                patternErrorMessage: 'expected a non-empty value on one line'
            }
        }
    },
    timeout: {
        title: 'Request deadline',
        description: `This target's request deadline: "500ms", "10s", "1m30s" or a number of seconds; above 0 and at most ${_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_TIMEOUT_MS */ .mn / 60_000}m.`,
        value: {
            type: ['number', 'string'],
            exclusiveMinimum: 0,
            maximum: _common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_TIMEOUT_MS */ .mn / 1000,
            pattern: trimmed(`${DURATION}|(?:${DURATION}(?:ms|s|m|h))+`),
            patternErrorMessage: expects(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkDuration */ .fU)
        }
    },
    samples: {
        title: 'Samples per round',
        description: `Requests per round for this target, each on a fresh connection: 1 to ${_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_SAMPLES */ .xs}. All must report the same build.`,
        value: wholeNumber(1, _common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_SAMPLES */ .xs, expects(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkSamples */ .eZ))
    },
    'cache-bust': {
        title: 'Cache-busting query parameter',
        description: "`false` sends this target's requests without the unique query parameter that gets past caches.",
        value: {
            type: ['boolean', 'string'],
            pattern: trimmed(['true', 'false'].map(caseless).join('|')),
            patternErrorMessage: expects(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkBoolean */ .pO)
        }
    },
    redirects: {
        title: 'Redirects to follow',
        description: '`same-host` (default): a redirect may change the scheme to https, the port and the path, not the host; `any`: follow redirects anywhere.',
        value: anyCase(_target_js__WEBPACK_IMPORTED_MODULE_5__/* .REDIRECT_POLICIES */ .kf, expects(_target_js__WEBPACK_IMPORTED_MODULE_5__/* .checkRedirects */ .u4))
    },
    addresses: {
        title: 'Addresses to check',
        description: "`one` (default): connect where the resolver says; `all`: check every address the URL's host name resolves to, each as an instance named `<name>@<address>`. Not with `kubernetes`.",
        value: anyCase(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .ADDRESSES */ .FV, expects(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkAddresses */ .h2))
    },
    count: {
        title: 'Instances there must be',
        description: `With \`addresses: all\` (here or in defaults) or \`kubernetes\`: how many instances (pods) there must be, 1 to ${_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_TARGETS */ .kz}. Fewer is missing, more is undeclared.`,
        value: wholeNumber(1, _common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_TARGETS */ .kz, expects(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkInstanceCount */ .lr))
    }
};
const CHECKS_DESCRIPTION = `Named facts read from the same answer as the build (a config hash, a feature flag, a schema version), each with its own \`expected\`. Names are letters, digits and dashes (at most ${_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_CHECK_NAME */ .mG} characters, not \`build\`). A target is current only when its build and every check match.`;
/** \`checks\` in \`defaults\`. */
const DEFAULTS_DOCS = {
    checks: {
        title: 'Checks',
        description: `${CHECKS_DESCRIPTION} A target's \`checks\` merge over these by name.`,
        value: () => checksValue(false)
    }
};
/** A check's keys. */
const CHECK_DOCS = {
    json: {
        title: 'JSON path of the value',
        description: "Read the check's value at this dotted path of the JSON body (a JSON true or false is the text true or false). Exactly one of `json`, `header` and `regex`.",
        value: SHARED_DOCS.json.value
    },
    header: {
        title: 'Response header of the value',
        description: "Read the check's value from this response header. Exactly one of `json`, `header` and `regex`.",
        value: SHARED_DOCS.header.value
    },
    regex: {
        title: 'Regular expression of the value',
        description: "Read the check's value with this RE2 regular expression: the first capture group, else the whole match. Exactly one of `json`, `header` and `regex`.",
        value: SHARED_DOCS.regex.value
    },
    expected: {
        title: 'Expected value',
        description: `The value every target must report (one line of at most ${_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_CHECK_VALUE */ .eO} characters; \`\${VAR}\` is read from the environment; not a placeholder such as \`unknown\`), or \`consensus\`: the targets must agree on one value, whatever it is.`,
        value: {
            type: [...SCALAR, 'boolean'],
            pattern: trimmed(`\\S(?:[^\\r\\n\\u0000]{0,${_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_CHECK_VALUE */ .eO - 2}}\\S)?`),
            patternErrorMessage: expects(t => (0,_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .checkCheckExpected */ .$V)(t))
        }
    }
};
/** A target's own keys (besides the shared ones). */
const TARGET_DOCS = {
    checks: {
        title: 'Checks',
        description: `${CHECKS_DESCRIPTION} Merged over those of \`defaults\` by name: a check here replaces the default of its name, and \`<name>: null\` drops it.`,
        value: () => checksValue(true)
    },
    name: {
        title: 'Target name',
        description: `The target's name in reports, unique in the fleet; default: the URL's host[:port]. A range such as \`router-[1:8]\` must repeat the URL's. At most ${_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_NAME */ .zB} characters. Required with \`kubernetes\`, and for a target without a url (with a reports-file).`,
        value: { type: SCALAR, pattern: nonBlank(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_NAME */ .zB) }
    },
    url: {
        title: 'URL',
        description: 'The URL that reports the build: http:// or https://. `[a:b]` expands to one target per number (zero padding is kept: `[01:16]`); `${VAR}` is read from the environment and masked; `user:password@` becomes an `Authorization: Basic` header (masked). Required, unless the target has `kubernetes`, or a reports-file gives the builds.',
        value: () => URL_VALUE
    },
    kubernetes: {
        title: 'Kubernetes pods',
        description: 'Instead of `url`: check every pod of a label selector, through the API server (or `via: pod-ip`). Each pod is a target named `<name>/<pod>`.',
        value: () => ({
            ...mappingSchema(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .kubernetesObject */ .oK, KUBERNETES_DOCS, 'kubernetes'),
            // report: http (the default) asks a port.
            anyOf: [{ required: ['port'] }, { required: ['report'], properties: { report: IMAGE } }]
        })
    }
};
const KUBERNETES_DOCS = {
    selector: {
        title: 'Label selector',
        description: 'The label selector of the pods to check, such as `app=api,tier=web`.',
        value: { type: SCALAR, pattern: nonBlank(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_KUBE_TEXT */ .nG) }
    },
    port: {
        title: 'Container port',
        description: 'The container port number (1 to 65535) or name that serves the build. Required with `report: http`.',
        value: {
            type: ['integer', 'string'],
            minimum: 1,
            maximum: 65535,
            pattern: trimmed(`${wholeNumberPattern(1, 65535)}|${inner(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .PORT_NAME */ .m2)}`),
            patternErrorMessage: expects(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .checkKubePort */ .Jg)
        }
    },
    path: {
        title: 'Path of the build',
        description: 'The path asked on each pod, starting with "/"; default `/`.',
        value: {
            type: 'string',
            pattern: trimmed(inner(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .KUBE_PATH */ .qR)),
            patternErrorMessage: 'expected a path that starts with "/", such as /version'
        }
    },
    namespace: {
        title: 'Namespace',
        description: 'The namespace of the pods; default: the context\'s namespace, else "default".',
        value: { type: SCALAR, pattern: nonBlank(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_KUBE_TEXT */ .nG) }
    },
    context: {
        title: 'Kubeconfig context',
        description: "The kubeconfig context; default: the kubeconfig's current context.",
        value: { type: SCALAR, pattern: nonBlank(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_KUBE_TEXT */ .nG) }
    },
    via: {
        title: 'How pods are reached',
        description: "`proxy` (default): through the API server's pod proxy (no `Authorization` header then); `pod-ip`: directly at the pod's IP, for runners inside the cluster network.",
        value: anyCase(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .KUBERNETES_VIA */ .oI, `expected ${_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .KUBERNETES_VIA */ .oI.map(v => `"${v}"`).join(' or ')}`)
    },
    report: {
        title: 'What a pod reports',
        description: '`http` (default): ask each pod for its build; `image`: the digest of the image its container runs, asking no pod (then no `json`, `header` or `regex`).',
        value: anyCase(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .KUBERNETES_REPORT */ .oL, `expected ${_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .KUBERNETES_REPORT */ .oL.map(v => `"${v}"`).join(' or ')}`)
    },
    container: {
        title: 'Container',
        description: 'Which container of the pod (with `report: image`); needed when a pod has several.',
        value: { type: SCALAR, pattern: nonBlank(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_KUBE_TEXT */ .nG) }
    }
};
const DOCUMENT_DOCS = {
    defaults: {
        title: 'Defaults',
        description: 'Keys every target inherits; its own keys win. Every key of a target but `name`, `url` and `kubernetes`.',
        value: () => ({
            ...mappingSchema(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .defaultsObject */ .wH, { ...SHARED_DOCS, ...DEFAULTS_DOCS }, 'defaults', DEFAULT),
            ...oneExtraction()
        })
    },
    targets: {
        title: 'Targets',
        description: 'The servers to check: each a URL, or a mapping with a `url` (or `kubernetes`). At most 10,000 after ranges and `addresses: all` expand.',
        value: TARGET_LIST
    }
};
/** Every table of key docs, to check each against its valibot object. */
const KEY_DOCS = {
    SHARED_DOCS,
    DEFAULTS_DOCS,
    TARGET_DOCS,
    CHECK_DOCS,
    KUBERNETES_DOCS,
    DOCUMENT_DOCS
};
// ---- generation ------------------------------------------------------------------------------
const OPTIONAL = new Set(['optional', 'exact_optional', 'nullish', 'undefinedable']);
/** How `defaults` introduces each key's description. */
const DEFAULT = "Every target's default (a target's own key wins): ";
/**
 * A mapping's schema from its valibot object: its keys, the required ones, no other key.
 * Throws when a key has no docs, or docs name a key the object does not have.
 */
function mappingSchema(object, docs, what, introduction = '') {
    if (object.type !== 'strict_object') {
        throw new Error(`fleetJsonSchema: ${what} is a ${object.type}; expected a strict_object`);
    }
    const keys = Object.keys(object.entries);
    const undocumented = keys.filter(k => !Object.hasOwn(docs, k));
    const unknown = Object.keys(docs).filter(k => !keys.includes(k));
    if (undocumented.length || unknown.length) {
        throw new Error(`fleetJsonSchema: the docs of ${what} disagree with its schema: ` +
            [
                undocumented.length ? `no docs for ${undocumented.join(', ')}` : '',
                unknown.length ? `docs for unknown keys ${unknown.join(', ')}` : ''
            ]
                .filter(Boolean)
                .join('; '));
    }
    const properties = Object.fromEntries(keys.map(k => {
        const { title, description, value } = docs[k];
        const schema = typeof value === 'function' ? value() : value;
        return [k, { title, description: introduction + description, ...schema }];
    }));
    const required = keys.filter(k => !OPTIONAL.has(object.entries[k].type));
    return {
        type: 'object',
        properties,
        ...(required.length ? { required } : {}),
        additionalProperties: false
    };
}
/**
 * A rule between keys of one target: `not` this, with the message parse.ts gives (an editor
 * shows errorMessage, where it would say "Matches a schema that is not allowed").
 */
const never = (schema, message) => ({
    not: schema,
    errorMessage: message
});
/** No two of json, header and regex (valibot's oneExtraction). */
function oneExtraction() {
    const pairs = _schema_js__WEBPACK_IMPORTED_MODULE_4__/* .EXTRACTION_KEYS */ .bT.flatMap((a, i) => _schema_js__WEBPACK_IMPORTED_MODULE_4__/* .EXTRACTION_KEYS */ .bT.slice(i + 1).map(b => [a, b]));
    return never({ anyOf: pairs.map(p => ({ required: p })) }, `expected at most one of ${_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .EXTRACTION_KEYS */ .bT.join(', ')}`);
}
function targetMapping() {
    const extraction = _schema_js__WEBPACK_IMPORTED_MODULE_4__/* .EXTRACTION_KEYS */ .bT.map(k => ({ required: [k] }));
    return {
        title: 'Target',
        ...mappingSchema(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .targetObject */ .xz, { ...SHARED_DOCS, ...TARGET_DOCS }, 'a target'),
        allOf: [
            oneExtraction(),
            // With a reports-file a name is enough: the schema cannot know, parse.ts does.
            { anyOf: [{ required: ['url'] }, { required: ['kubernetes'] }, { required: ['name'] }] },
            never({ required: ['url', 'kubernetes'] }, 'a target has either a url or a kubernetes mapping; expected one of them'),
            {
                if: { required: ['kubernetes'] },
                then: {
                    required: ['name'],
                    errorMessage: 'a kubernetes target needs a name (its pods are named <name>/<pod>)'
                }
            },
            never({ required: ['kubernetes', 'addresses'] }, 'addresses resolves a url; a kubernetes target checks every pod of its selector already; expected no addresses'),
            {
                if: {
                    required: ['kubernetes'],
                    properties: {
                        kubernetes: { type: 'object', required: ['report'], properties: { report: IMAGE } }
                    }
                },
                then: never({ anyOf: extraction }, 'report: image takes the running image digest and asks no pod; expected no json, header or regex')
            }
        ]
    };
}
/** A check: exactly one of json, header and regex, and expected. */
function checkMapping() {
    return {
        title: 'Check',
        description: 'A fact read from the same answer as the build: how (`json`, `header` or `regex`) and what it must be (`expected`).',
        ...mappingSchema(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .checkObject */ .gr, CHECK_DOCS, 'a check'),
        oneOf: _schema_js__WEBPACK_IMPORTED_MODULE_4__/* .EXTRACTION_KEYS */ .bT.map(k => ({ required: [k] })),
        errorMessage: `expected exactly one of ${_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .EXTRACTION_KEYS */ .bT.join(', ')}`
    };
}
/** The JSON Schema (draft-07) of the fleet file's YAML forms: a fleet document or a list of targets. */
function fleetJsonSchema() {
    for (const [table, docs] of Object.entries(KEY_DOCS)) {
        for (const [key, doc] of Object.entries(docs)) {
            if (!doc.title.trim() || !doc.description.trim()) {
                throw new Error(`fleetJsonSchema: ${table}.${key} needs a title and a description`);
            }
        }
    }
    return {
        $schema: 'http://json-schema.org/draft-07/schema#',
        $id: SCHEMA_URL,
        title: 'fleet-check fleet file',
        description: 'The servers fleet-check asks for the build they report: a mapping with `targets` (and optional `defaults`), or just the list of targets.',
        anyOf: [
            {
                title: 'Fleet document',
                ...mappingSchema(_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .documentObject */ .L2, DOCUMENT_DOCS, 'the fleet document')
            },
            {
                title: 'List of targets',
                ...TARGET_LIST
            }
        ],
        definitions: {
            target: {
                title: 'Target',
                description: 'A URL, or a mapping with a `url` (or `kubernetes`) and its own keys.',
                anyOf: [{ title: 'URL', ...URL_VALUE }, targetMapping()]
            },
            check: checkMapping()
        }
    };
}


/***/ }),

/***/ 7989:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jg: () => (/* binding */ checkKubePort),
/* harmony export */   L2: () => (/* binding */ documentObject),
/* harmony export */   L8: () => (/* binding */ documentSchema),
/* harmony export */   ML: () => (/* binding */ issueProblems),
/* harmony export */   X5: () => (/* binding */ TARGET_KEYS),
/* harmony export */   bT: () => (/* binding */ EXTRACTION_KEYS),
/* harmony export */   gr: () => (/* binding */ checkObject),
/* harmony export */   iA: () => (/* binding */ DEFAULTS_KEYS),
/* harmony export */   m2: () => (/* binding */ PORT_NAME),
/* harmony export */   ms: () => (/* binding */ defaultsSchema),
/* harmony export */   nG: () => (/* binding */ MAX_KUBE_TEXT),
/* harmony export */   oI: () => (/* binding */ KUBERNETES_VIA),
/* harmony export */   oK: () => (/* binding */ kubernetesObject),
/* harmony export */   oL: () => (/* binding */ KUBERNETES_REPORT),
/* harmony export */   pg: () => (/* binding */ DOCUMENT_KEYS),
/* harmony export */   qR: () => (/* binding */ KUBE_PATH),
/* harmony export */   tX: () => (/* binding */ targetSchema),
/* harmony export */   tf: () => (/* binding */ validate),
/* harmony export */   wH: () => (/* binding */ defaultsObject),
/* harmony export */   xz: () => (/* binding */ targetObject),
/* harmony export */   zB: () => (/* binding */ MAX_NAME)
/* harmony export */ });
/* unused harmony exports kindOf, CHECK_KEYS, KUBERNETES_KEYS */
/* harmony import */ var valibot__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7934);
/* harmony import */ var _common_did_you_mean_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6622);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1922);
/* harmony import */ var _common_result_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9452);
/* harmony import */ var _common_values_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9195);
/* harmony import */ var _build_build_id_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6652);
/* harmony import */ var _checks_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5115);
/* harmony import */ var _target_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4543);
// The fleet document's shape. YAML is read with the failsafe schema, so every scalar arrives as
// text ("0123456" stays a string, not the number 123456) and each key converts its own text.








function kindOf(value) {
    if (value === undefined)
        return 'nothing';
    if (Array.isArray(value))
        return 'a list';
    if (value !== null && typeof value === 'object')
        return 'a mapping';
    return `the text ${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .h)(value)}`;
}
const text = valibot__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP(issue => `expected text, got ${kindOf(issue.input)}`);
/** Text converted by one of the shared validators; a failure quotes the text. */
function checked(check) {
    return valibot__WEBPACK_IMPORTED_MODULE_4__/* .pipe */ .FsL(text, valibot__WEBPACK_IMPORTED_MODULE_4__/* .rawTransform */ .NTK(({ dataset, addIssue, NEVER }) => {
        const r = check(dataset.value);
        if (r.ok)
            return r.value;
        addIssue({ message: (0,_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .describeInvalid */ .xl)(dataset.value, r.error) });
        return NEVER;
    }));
}
const isMapping = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
/** A mapping: valibot would take a list for an object with keys "0", "1"\u2026 */
const aMapping = (what) => valibot__WEBPACK_IMPORTED_MODULE_4__/* .custom */ .IeY(isMapping, issue => `expected ${what}, got ${kindOf(issue.input)}`);
const headers = valibot__WEBPACK_IMPORTED_MODULE_4__/* .pipe */ .FsL(valibot__WEBPACK_IMPORTED_MODULE_4__/* .custom */ .IeY(isMapping, 
// Text here is likely "Name: secret": say what it is without quoting it.
issue => `expected a mapping of header names to values, got ${typeof issue.input === 'string' ? 'text' : kindOf(issue.input)}`), 
// Every entry, by hand: valibot's record skips the keys __proto__, prototype and constructor,
// and a header of that name would be dropped without a word.
valibot__WEBPACK_IMPORTED_MODULE_4__/* .rawTransform */ .NTK(({ dataset, addIssue }) => {
    const out = {};
    for (const [name, value] of Object.entries(dataset.value)) {
        const at = [keyPath(dataset.value, name)];
        if (typeof value !== 'string') {
            addIssue({ path: at, message: `expected text, got ${kindOf(value)}` });
            continue;
        }
        const n = (0,_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkHeaderName */ .FS)(name);
        const h = (0,_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkHeaderValue */ .BB)(value);
        if (!n.ok) {
            addIssue({ path: at, message: `${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .h)(name)} is not valid; expected ${n.error.expected}` });
        }
        else if (!h.ok || h.value === '') {
            // Never quote a header value: it may be a secret.
            addIssue({ path: at, message: 'expected a non-empty value on one line' });
        }
        else {
            Object.defineProperty(out, name, {
                value: h.value,
                enumerable: true,
                writable: true,
                configurable: true
            });
        }
    }
    return out;
}));
/** A path item for an issue about `key` of `record`. */
function keyPath(record, key) {
    return { type: 'object', origin: 'value', input: record, key, value: record[key] };
}
const shared = {
    expected: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(checked(_build_build_id_js__WEBPACK_IMPORTED_MODULE_2__/* .checkBuild */ .D)),
    json: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(checked(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkJsonPath */ .M6)),
    header: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(checked(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkHeaderName */ .FS)),
    // Text here: parse.ts compiles it with the RE2 engine, which is loaded only when needed.
    regex: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(text),
    headers: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(headers),
    timeout: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(checked(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkDuration */ .fU)),
    samples: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(checked(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkSamples */ .eZ)),
    'cache-bust': valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(checked(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkBoolean */ .pO)),
    redirects: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(checked(_target_js__WEBPACK_IMPORTED_MODULE_5__/* .checkRedirects */ .u4)),
    addresses: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(checked(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkAddresses */ .h2)),
    count: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(checked(_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .checkInstanceCount */ .lr))
};
/** How a build is read from an answer: a mapping sets at most one of them. */
const EXTRACTION_KEYS = ['json', 'header', 'regex'];
/**
 * At most one of json, header, regex; exactly one for a check (`required`), which has no
 * well-known fields to fall back on.
 */
function extractionKeys(required) {
    const expected = required ? 'exactly one' : 'at most one';
    return valibot__WEBPACK_IMPORTED_MODULE_4__/* .rawCheck */ .H0v(({ dataset, addIssue }) => {
        if (!dataset.typed)
            return;
        const given = EXTRACTION_KEYS.filter(k => dataset.value[k] !== undefined);
        if (given.length > 1) {
            addIssue({
                path: [keyPath(dataset.value, given[1])],
                message: `sets ${given.join(' and ')}; expected ${expected} of json, header, regex`
            });
        }
        else if (given.length === 0 && required) {
            addIssue({
                message: 'sets none of json, header, regex; expected exactly one of them (how the check reads its value from the answer)'
            });
        }
    });
}
/**
 * A check: exactly one of json, header and regex (how its value is read), and what the value
 * must be.
 */
const checkEntries = {
    json: shared.json,
    header: shared.header,
    regex: shared.regex,
    expected: checked(_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .checkCheckExpected */ .$V)
};
/** `expected` as a strict object's issue names it, and the same for a missing one. */
const CHECK_EXPECTED = 'a value the check must report, or consensus';
/** An issue about a mapping's key itself (a bad check name): its line is the key's. */
const KEY_ISSUE = 'key';
/** YAML's null, as the failsafe schema leaves it: text. In a target it drops a default check. */
const isNull = (value) => value === null || (typeof value === 'string' && /^(null|Null|NULL|~|)$/.test(value));
/**
 * `checks`: check names to checks, every entry by hand (valibot's record skips the keys
 * constructor and prototype, which are valid names). `drop`: a target's, where null drops the
 * default of that name.
 */
function checksSchema(drop) {
    return valibot__WEBPACK_IMPORTED_MODULE_4__/* .pipe */ .FsL(aMapping('a mapping of check names to checks, such as config: { json: config.sha, expected: consensus }'), valibot__WEBPACK_IMPORTED_MODULE_4__/* .rawTransform */ .NTK(({ dataset, addIssue }) => {
        const out = [];
        for (const [name, value] of Object.entries(dataset.value)) {
            const at = keyPath(dataset.value, name);
            const n = (0,_checks_js__WEBPACK_IMPORTED_MODULE_3__/* .checkCheckName */ .kI)(name);
            if (!n.ok) {
                addIssue({ path: [at], expected: KEY_ISSUE, message: (0,_common_values_js__WEBPACK_IMPORTED_MODULE_1__/* .describeInvalid */ .xl)(name, n.error) });
            }
            else if (isNull(value) && drop) {
                out.push({ name, check: null });
            }
            else if (isNull(value)) {
                addIssue({
                    path: [at],
                    message: 'null drops a check of defaults in a target; in defaults, expected a check (a mapping with json, header or regex, and expected)'
                });
            }
            else {
                const r = valibot__WEBPACK_IMPORTED_MODULE_4__/* .safeParse */ .xLC(checkSchema, value);
                if (r.success)
                    out.push({ name, check: r.output });
                // The check's own issues, at their keys under the check's name.
                for (const issue of r.success ? [] : r.issues) {
                    addIssue({
                        path: [at, ...(issue.path ?? [])],
                        expected: issue.expected ?? undefined,
                        message: issue.message
                    });
                }
            }
        }
        return out;
    }));
}
/** Messages of a strict object's own issues: an unknown key, or a missing one. */
const keys = (required = {}) => (issue) => {
    if (issue.expected === 'never')
        return 'unknown key';
    const key = JSON.parse(issue.expected ?? '""');
    return `is required${required[key] ? `; expected ${required[key]}` : ''}`;
};
// Exported for json-schema.ts, like the other strict objects.
const checkObject = valibot__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej(checkEntries, keys({ expected: CHECK_EXPECTED }));
const CHECK_KEYS = Object.keys(checkEntries);
const checkSchema = valibot__WEBPACK_IMPORTED_MODULE_4__/* .pipe */ .FsL(aMapping('a check (a mapping with json, header or regex, and expected)'), checkObject, extractionKeys(true));
/** A container port name (IANA_SVC_NAME): up to 15 characters, a letter at least, no "--". */
const PORT_NAME = /^(?!.*--)(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;
/** `kubernetes.path`, trimmed. */
const KUBE_PATH = /^\/[^\s#]*$/;
/** A port: a number 1..65535, or a container port name (IANA_SVC_NAME: up to 15 characters). */
function checkKubePort(text) {
    const t = text.trim();
    if (/^\d+$/.test(t)) {
        const n = Number(t);
        return n >= 1 && n <= 65535
            ? (0,_common_result_js__WEBPACK_IMPORTED_MODULE_6__.ok)(n)
            : (0,_common_result_js__WEBPACK_IMPORTED_MODULE_6__/* .err */ ._)({ expected: 'a port number from 1 to 65535 or a port name' });
    }
    if (PORT_NAME.test(t))
        return (0,_common_result_js__WEBPACK_IMPORTED_MODULE_6__.ok)(t);
    return (0,_common_result_js__WEBPACK_IMPORTED_MODULE_6__/* .err */ ._)({
        expected: 'a container port number (1 to 65535) or port name (lower-case letters, digits and "-", at most 15 characters)'
    });
}
function oneOf(...values) {
    return (text) => {
        const t = text.trim().toLowerCase();
        return values.includes(t) ? (0,_common_result_js__WEBPACK_IMPORTED_MODULE_6__.ok)(t) : (0,_common_result_js__WEBPACK_IMPORTED_MODULE_6__/* .err */ ._)({ expected: values.map(x => `"${x}"`).join(' or ') });
    };
}
/** Lengths (trimmed) of a target's name and of a kubernetes text key. */
const MAX_NAME = 100;
const MAX_KUBE_TEXT = 1000;
const nonEmpty = (what) => valibot__WEBPACK_IMPORTED_MODULE_4__/* .pipe */ .FsL(text, valibot__WEBPACK_IMPORTED_MODULE_4__/* .trim */ .Bqr(), valibot__WEBPACK_IMPORTED_MODULE_4__/* .minLength */ .BpQ(1, `expected ${what}`), valibot__WEBPACK_IMPORTED_MODULE_4__/* .maxLength */ .Ru6(MAX_KUBE_TEXT, `expected ${what} of at most ${MAX_KUBE_TEXT} characters`));
/** `kubernetes.via` and `kubernetes.report`, in any case. */
const KUBERNETES_VIA = ['proxy', 'pod-ip'];
const KUBERNETES_REPORT = ['http', 'image'];
const kubernetesEntries = {
    selector: nonEmpty('a label selector such as app=api,tier=web'),
    port: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(checked(checkKubePort)),
    path: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(valibot__WEBPACK_IMPORTED_MODULE_4__/* .pipe */ .FsL(text, valibot__WEBPACK_IMPORTED_MODULE_4__/* .trim */ .Bqr(), valibot__WEBPACK_IMPORTED_MODULE_4__/* .regex */ .yGV(KUBE_PATH, 'expected a path that starts with "/", such as /version'))),
    namespace: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(nonEmpty('a namespace')),
    context: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(nonEmpty('a kubeconfig context name')),
    via: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(checked(oneOf(...KUBERNETES_VIA))),
    report: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(checked(oneOf(...KUBERNETES_REPORT))),
    container: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(nonEmpty('a container name'))
};
const KUBERNETES_KEYS = Object.keys(kubernetesEntries);
// The strict objects are exported for json-schema.ts, which reads their keys and strictness.
const kubernetesObject = valibot__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej(kubernetesEntries, keys({ selector: 'a label selector such as app=api' }));
const kubernetes = valibot__WEBPACK_IMPORTED_MODULE_4__/* .pipe */ .FsL(aMapping('a kubernetes mapping (selector, port, path, namespace, context, via, report, container)'), kubernetesObject);
const targetEntries = {
    name: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(valibot__WEBPACK_IMPORTED_MODULE_4__/* .pipe */ .FsL(text, valibot__WEBPACK_IMPORTED_MODULE_4__/* .trim */ .Bqr(), valibot__WEBPACK_IMPORTED_MODULE_4__/* .minLength */ .BpQ(1, 'expected a non-empty name'), valibot__WEBPACK_IMPORTED_MODULE_4__/* .maxLength */ .Ru6(MAX_NAME, `expected a name of at most ${MAX_NAME} characters`))),
    // Optional only with a reports-file, where targets are compared, not polled.
    url: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(valibot__WEBPACK_IMPORTED_MODULE_4__/* .pipe */ .FsL(text, valibot__WEBPACK_IMPORTED_MODULE_4__/* .trim */ .Bqr(), valibot__WEBPACK_IMPORTED_MODULE_4__/* .minLength */ .BpQ(1, 'expected an http:// or https:// URL'))),
    ...shared,
    checks: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(checksSchema(true)),
    kubernetes: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(kubernetes)
};
const targetObject = valibot__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej(targetEntries, keys());
const targetSchema = valibot__WEBPACK_IMPORTED_MODULE_4__/* .pipe */ .FsL(aMapping('a target (a mapping of keys)'), targetObject, extractionKeys(false));
const defaultsEntries = { ...shared, checks: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(checksSchema(false)) };
const defaultsObject = valibot__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej(defaultsEntries, keys());
const defaultsSchema = valibot__WEBPACK_IMPORTED_MODULE_4__/* .pipe */ .FsL(aMapping('defaults (a mapping of keys)'), defaultsObject, extractionKeys(false));
const documentEntries = {
    defaults: valibot__WEBPACK_IMPORTED_MODULE_4__/* .optional */ .lqM(valibot__WEBPACK_IMPORTED_MODULE_4__/* .unknown */ .L5J()),
    targets: valibot__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(valibot__WEBPACK_IMPORTED_MODULE_4__/* .unknown */ .L5J(), issue => `expected a list of targets, got ${kindOf(issue.input)}`)
};
const documentObject = valibot__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej(documentEntries, keys({ targets: 'a list of targets' }));
const documentSchema = valibot__WEBPACK_IMPORTED_MODULE_4__/* .pipe */ .FsL(aMapping('a fleet document (a mapping of keys)'), documentObject);
const TARGET_KEYS = Object.keys(targetEntries);
const DEFAULTS_KEYS = Object.keys(defaultsEntries);
const DOCUMENT_KEYS = Object.keys(documentEntries);
function validate(schema, value) {
    const r = valibot__WEBPACK_IMPORTED_MODULE_4__/* .safeParse */ .xLC(schema, value);
    if (r.success)
        return (0,_common_result_js__WEBPACK_IMPORTED_MODULE_6__.ok)(r.output);
    return (0,_common_result_js__WEBPACK_IMPORTED_MODULE_6__/* .err */ ._)(r.issues.map(issue => ({
        path: (issue.path ?? []).map(p => p.key),
        message: issue.message,
        // A check's issues come through the rawTransform of `checks`, with what they expected.
        unknownKey: (issue.type === 'strict_object' || issue.type === 'raw_transform') &&
            issue.expected === 'never',
        keyLine: issue.expected === 'never' || issue.expected === KEY_ISSUE
    })));
}
/**
 * The issues of the value at `path`, as problems at their keys: an unknown key (with a guess at
 * the key meant), a missing one, a bad value.
 */
function issueProblems(issues, path, value, knownKeys) {
    return issues.map(issue => {
        const at = [...path, ...issue.path];
        if (issue.unknownKey) {
            const key = String(issue.path[issue.path.length - 1]);
            // A key inside a target's `kubernetes` mapping is one of that mapping's; inside a check,
            // one of a check's.
            const known = issue.path.length === 2 && issue.path[0] === 'kubernetes'
                ? KUBERNETES_KEYS
                : issue.path.length === 3 && issue.path[0] === 'checks'
                    ? CHECK_KEYS
                    : knownKeys;
            const guess = (0,_common_did_you_mean_js__WEBPACK_IMPORTED_MODULE_7__/* .didYouMean */ .a)(key, known);
            const message = `unknown key ${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .h)(key)}` +
                (guess ? `; did you mean ${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .h)(guess)}?` : `; expected one of ${known.join(', ')}`);
            return { message, at: { path: at, keyLine: true } };
        }
        if (issue.path.length > 0 && valueAt(value, issue.path) === undefined) {
            const message = issue.message.startsWith('is required') ? issue.message : 'is required';
            return { message, at: { path: at } };
        }
        return { message: issue.message, at: { path: at, ...(issue.keyLine ? { keyLine: true } : {}) } };
    });
}
function valueAt(value, path) {
    let v = value;
    for (const k of path)
        v = v && typeof v === 'object' ? v[k] : undefined;
    return v;
}


/***/ })

};
