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
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3519);
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


/***/ })

};
