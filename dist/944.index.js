export const id = 944;
export const ids = [944];
export const modules = {

/***/ 5944:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  yamlKit: () => (/* binding */ yamlKit)
});

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/fleet/read-yaml.ts
// YAML text to a document, within bounds. yaml's composer recurses once per nesting level, so a
// deeply nested document would overflow the stack: depth is checked while the parser reads, and
// parsing stops at the first level too many. Aliases (*name) are counted as the nodes they stand
// for before anything walks the expanded tree, so a "billion laughs" document is refused without
// being expanded. Pure.

/** Nesting levels (mappings and lists) a fleet document may have; a fleet needs about 5. */
const MAX_YAML_DEPTH = 64;
/**
 * Nodes that aliases may add once expanded: 10,000 targets each reusing a few headers come to
 * about 200,000. yaml's own maxAliasCount (100 by default) counts alias uses times the nesting of
 * aliases, not the size they expand to: it refuses 150 ordinary `headers: *auth` and lets a wide
 * anchor reused many times through. This counts the nodes.
 */
const MAX_ALIAS_NODES = 1_000_000;
function readYaml(text) {
    const lines = new dist/* LineCounter */.HN();
    const parser = new dist/* Parser */.iX(lines.addNewLine);
    const tokens = [];
    // Parser.parse(text), one lexeme at a time, watching the parser's stack of open collections.
    lines.addNewLine(0);
    for (const lexeme of new dist/* Lexer */.JG().lex(text)) {
        tokens.push(...parser.next(lexeme));
        if (parser.stack.length > MAX_YAML_DEPTH && depthOf(parser.stack) > MAX_YAML_DEPTH) {
            const message = `nested too deeply; expected at most ${MAX_YAML_DEPTH} levels of mappings and lists`;
            return { lines, limit: { message, offset: parser.offset } };
        }
    }
    tokens.push(...parser.end());
    // As yaml's parseDocument does: the first document, and an error for any other.
    const composer = new dist/* Composer */.Dk({ schema: 'failsafe', lineCounter: lines, prettyErrors: false });
    let doc;
    for (const next of composer.compose(tokens, true, text.length)) {
        if (!doc) {
            doc = next;
            continue;
        }
        const message = 'Source contains multiple documents; please use YAML.parseAllDocuments()';
        doc.errors.push(new dist/* YAMLParseError */.XT([next.range[0], next.range[1]], 'MULTIPLE_DOCS', message));
        break;
    }
    if (!doc || doc.errors.length)
        return { doc, lines };
    return { doc, lines, ...toValue(doc) };
}
/** Open mappings and lists on the parser's stack (it also holds the document and a scalar). */
function depthOf(stack) {
    return stack.filter(t => /^(block-map|block-seq|flow-collection)$/.test(t.type)).length;
}
/**
 * The document as plain values (mappings as objects, lists as arrays, every scalar as text), and
 * a bound it breaks. Walks in document order, resolving each alias as yaml does (to the last
 * anchor of its name before it) and adding up what aliases expand to. An alias's value is its
 * anchor's, shared, not copied. (yaml's own toJS looks each alias up by scanning every anchor and
 * alias before it: 10,000 targets with `headers: *auth` took 13 s.) Depth is already bounded, so
 * recursion is safe.
 */
function toValue(doc) {
    const anchors = new Map();
    /** an anchored node's value and size; absent while the node is still being walked */
    const done = new Map();
    let added = 0;
    let limit;
    const count = (n) => n.toLocaleString('en-US');
    /** [the node's value, the nodes it stands for] */
    const walk = (node) => {
        if (limit || node === null || node === undefined)
            return [null, 0];
        if ((0,dist/* isAlias */.Vj)(node)) {
            const at = node.range?.[0] ?? 0;
            const anchored = anchors.get(node.source);
            const found = anchored === undefined ? undefined : done.get(anchored);
            if (found)
                added += found.size;
            if (anchored === undefined) {
                limit = {
                    message: `alias *${node.source} has no anchor &${node.source} before it; expected the anchor to come first`,
                    offset: at
                };
            }
            else if (!found) {
                limit = {
                    message: `alias *${node.source} is inside its own anchor, so it expands to too much (it never ends); expected an alias after its anchor's end`,
                    offset: at
                };
            }
            else if (added > MAX_ALIAS_NODES) {
                limit = {
                    message: `the document expands to too much: its aliases (*name) stand for more than ${count(MAX_ALIAS_NODES)} nodes; expected at most ${count(MAX_ALIAS_NODES)}`,
                    offset: at
                };
            }
            return found && !limit ? [found.value, found.size] : [null, 0];
        }
        const anchor = node.anchor;
        if (anchor)
            anchors.set(anchor, node);
        let value;
        let size = 1;
        if ((0,dist/* isMap */.jh)(node)) {
            const object = {};
            for (const pair of node.items) {
                const [key, keySize] = walk(pair.key);
                const [item, itemSize] = walk(pair.value);
                size += keySize + itemSize;
                // As yaml's toJS: a key that is not text becomes text; __proto__ is an ordinary key.
                const name = key === null ? '' : typeof key === 'object' ? JSON.stringify(key) : String(key);
                Object.defineProperty(object, name, {
                    value: item,
                    writable: true,
                    enumerable: true,
                    configurable: true
                });
            }
            value = object;
        }
        else if ((0,dist/* isSeq */.oP)(node)) {
            value = node.items.map(item => {
                const [v, itemSize] = walk(item);
                size += itemSize;
                return v;
            });
        }
        else {
            value = (0,dist/* isScalar */.jn)(node) ? node.value : null;
        }
        if (anchor)
            done.set(node, { value, size });
        return [value, size];
    };
    const [value] = walk(doc.contents);
    return limit ? { limit } : { value };
}

// EXTERNAL MODULE: ./node_modules/valibot/dist/index.mjs
var valibot_dist = __webpack_require__(7934);
// EXTERNAL MODULE: ./src/common/did-you-mean.ts
var did_you_mean = __webpack_require__(6622);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/common/result.ts
var result = __webpack_require__(9452);
// EXTERNAL MODULE: ./src/common/values.ts
var values = __webpack_require__(9195);
// EXTERNAL MODULE: ./src/build/build-id.ts
var build_id = __webpack_require__(6652);
// EXTERNAL MODULE: ./src/fleet/checks.ts
var checks = __webpack_require__(5115);
// EXTERNAL MODULE: ./src/fleet/target.ts
var target = __webpack_require__(4543);
;// CONCATENATED MODULE: ./src/fleet/schema.ts
// The fleet document's shape. YAML is read with the failsafe schema, so every scalar arrives as
// text ("0123456" stays a string, not the number 123456) and each key converts its own text.








function kindOf(value) {
    if (value === undefined)
        return 'nothing';
    if (Array.isArray(value))
        return 'a list';
    if (value !== null && typeof value === 'object')
        return 'a mapping';
    return `the text ${(0,errors/* quote */.h)(value)}`;
}
const schema_text = valibot_dist/* string */.YjP(issue => `expected text, got ${kindOf(issue.input)}`);
/** Text converted by one of the shared validators; a failure quotes the text. */
function checked(check) {
    return valibot_dist/* pipe */.FsL(schema_text, valibot_dist/* rawTransform */.NTK(({ dataset, addIssue, NEVER }) => {
        const r = check(dataset.value);
        if (r.ok)
            return r.value;
        addIssue({ message: (0,values/* describeInvalid */.xl)(dataset.value, r.error) });
        return NEVER;
    }));
}
const isMapping = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
/** A mapping: valibot would take a list for an object with keys "0", "1"\u2026 */
const aMapping = (what) => valibot_dist/* custom */.IeY(isMapping, issue => `expected ${what}, got ${kindOf(issue.input)}`);
const headers = valibot_dist/* pipe */.FsL(valibot_dist/* custom */.IeY(isMapping, 
// Text here is likely "Name: secret": say what it is without quoting it.
issue => `expected a mapping of header names to values, got ${typeof issue.input === 'string' ? 'text' : kindOf(issue.input)}`), 
// Every entry, by hand: valibot's record skips the keys __proto__, prototype and constructor,
// and a header of that name would be dropped without a word.
valibot_dist/* rawTransform */.NTK(({ dataset, addIssue }) => {
    const out = {};
    for (const [name, value] of Object.entries(dataset.value)) {
        const at = [keyPath(dataset.value, name)];
        if (typeof value !== 'string') {
            addIssue({ path: at, message: `expected text, got ${kindOf(value)}` });
            continue;
        }
        const n = (0,values/* checkHeaderName */.FS)(name);
        const h = (0,values/* checkHeaderValue */.BB)(value);
        if (!n.ok) {
            addIssue({ path: at, message: `${(0,errors/* quote */.h)(name)} is not valid; expected ${n.error.expected}` });
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
    expected: valibot_dist/* optional */.lqM(checked(build_id/* checkBuild */.D)),
    json: valibot_dist/* optional */.lqM(checked(values/* checkJsonPath */.M6)),
    header: valibot_dist/* optional */.lqM(checked(values/* checkHeaderName */.FS)),
    // Text here: parse.ts compiles it with the RE2 engine, which is loaded only when needed.
    regex: valibot_dist/* optional */.lqM(schema_text),
    headers: valibot_dist/* optional */.lqM(headers),
    timeout: valibot_dist/* optional */.lqM(checked(values/* checkDuration */.fU)),
    samples: valibot_dist/* optional */.lqM(checked(values/* checkSamples */.eZ)),
    'cache-bust': valibot_dist/* optional */.lqM(checked(values/* checkBoolean */.pO)),
    redirects: valibot_dist/* optional */.lqM(checked(target/* checkRedirects */.u4)),
    addresses: valibot_dist/* optional */.lqM(checked(values/* checkAddresses */.h2)),
    count: valibot_dist/* optional */.lqM(checked(values/* checkInstanceCount */.lr))
};
/** How a build is read from an answer: a mapping sets at most one of them. */
const EXTRACTION_KEYS = ['json', 'header', 'regex'];
/**
 * At most one of json, header, regex; exactly one for a check (`required`), which has no
 * well-known fields to fall back on.
 */
function extractionKeys(required) {
    const expected = required ? 'exactly one' : 'at most one';
    return valibot_dist/* rawCheck */.H0v(({ dataset, addIssue }) => {
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
    expected: checked(checks/* checkCheckExpected */.$V)
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
    return valibot_dist/* pipe */.FsL(aMapping('a mapping of check names to checks, such as config: { json: config.sha, expected: consensus }'), valibot_dist/* rawTransform */.NTK(({ dataset, addIssue }) => {
        const out = [];
        for (const [name, value] of Object.entries(dataset.value)) {
            const at = keyPath(dataset.value, name);
            const n = (0,checks/* checkCheckName */.kI)(name);
            if (!n.ok) {
                addIssue({ path: [at], expected: KEY_ISSUE, message: (0,values/* describeInvalid */.xl)(name, n.error) });
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
                const r = valibot_dist/* safeParse */.xLC(checkSchema, value);
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
const checkObject = valibot_dist/* strictObject */.rej(checkEntries, keys({ expected: CHECK_EXPECTED }));
const CHECK_KEYS = Object.keys(checkEntries);
const checkSchema = valibot_dist/* pipe */.FsL(aMapping('a check (a mapping with json, header or regex, and expected)'), checkObject, extractionKeys(true));
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
            ? (0,result.ok)(n)
            : (0,result/* err */._)({ expected: 'a port number from 1 to 65535 or a port name' });
    }
    if (PORT_NAME.test(t))
        return (0,result.ok)(t);
    return (0,result/* err */._)({
        expected: 'a container port number (1 to 65535) or port name (lower-case letters, digits and "-", at most 15 characters)'
    });
}
function oneOf(...values) {
    return (text) => {
        const t = text.trim().toLowerCase();
        return values.includes(t) ? (0,result.ok)(t) : (0,result/* err */._)({ expected: values.map(x => `"${x}"`).join(' or ') });
    };
}
/** Lengths (trimmed) of a target's name and of a kubernetes text key. */
const MAX_NAME = 100;
const MAX_KUBE_TEXT = 1000;
const nonEmpty = (what) => valibot_dist/* pipe */.FsL(schema_text, valibot_dist/* trim */.Bqr(), valibot_dist/* minLength */.BpQ(1, `expected ${what}`), valibot_dist/* maxLength */.Ru6(MAX_KUBE_TEXT, `expected ${what} of at most ${MAX_KUBE_TEXT} characters`));
/** `kubernetes.via` and `kubernetes.report`, in any case. */
const KUBERNETES_VIA = ['proxy', 'pod-ip'];
const KUBERNETES_REPORT = ['http', 'image'];
const kubernetesEntries = {
    selector: nonEmpty('a label selector such as app=api,tier=web'),
    port: valibot_dist/* optional */.lqM(checked(checkKubePort)),
    path: valibot_dist/* optional */.lqM(valibot_dist/* pipe */.FsL(schema_text, valibot_dist/* trim */.Bqr(), valibot_dist/* regex */.yGV(KUBE_PATH, 'expected a path that starts with "/", such as /version'))),
    namespace: valibot_dist/* optional */.lqM(nonEmpty('a namespace')),
    context: valibot_dist/* optional */.lqM(nonEmpty('a kubeconfig context name')),
    via: valibot_dist/* optional */.lqM(checked(oneOf(...KUBERNETES_VIA))),
    report: valibot_dist/* optional */.lqM(checked(oneOf(...KUBERNETES_REPORT))),
    container: valibot_dist/* optional */.lqM(nonEmpty('a container name'))
};
const KUBERNETES_KEYS = Object.keys(kubernetesEntries);
// The strict objects are exported for json-schema.ts, which reads their keys and strictness.
const kubernetesObject = valibot_dist/* strictObject */.rej(kubernetesEntries, keys({ selector: 'a label selector such as app=api' }));
const kubernetes = valibot_dist/* pipe */.FsL(aMapping('a kubernetes mapping (selector, port, path, namespace, context, via, report, container)'), kubernetesObject);
const targetEntries = {
    name: valibot_dist/* optional */.lqM(valibot_dist/* pipe */.FsL(schema_text, valibot_dist/* trim */.Bqr(), valibot_dist/* minLength */.BpQ(1, 'expected a non-empty name'), valibot_dist/* maxLength */.Ru6(MAX_NAME, `expected a name of at most ${MAX_NAME} characters`))),
    // Optional only with a reports-file, where targets are compared, not polled.
    url: valibot_dist/* optional */.lqM(valibot_dist/* pipe */.FsL(schema_text, valibot_dist/* trim */.Bqr(), valibot_dist/* minLength */.BpQ(1, 'expected an http:// or https:// URL'))),
    ...shared,
    checks: valibot_dist/* optional */.lqM(checksSchema(true)),
    kubernetes: valibot_dist/* optional */.lqM(kubernetes)
};
const targetObject = valibot_dist/* strictObject */.rej(targetEntries, keys());
const targetSchema = valibot_dist/* pipe */.FsL(aMapping('a target (a mapping of keys)'), targetObject, extractionKeys(false));
const defaultsEntries = { ...shared, checks: valibot_dist/* optional */.lqM(checksSchema(false)) };
const defaultsObject = valibot_dist/* strictObject */.rej(defaultsEntries, keys());
const defaultsSchema = valibot_dist/* pipe */.FsL(aMapping('defaults (a mapping of keys)'), defaultsObject, extractionKeys(false));
const documentEntries = {
    defaults: valibot_dist/* optional */.lqM(valibot_dist/* unknown */.L5J()),
    targets: valibot_dist/* array */.YOg(valibot_dist/* unknown */.L5J(), issue => `expected a list of targets, got ${kindOf(issue.input)}`)
};
const documentObject = valibot_dist/* strictObject */.rej(documentEntries, keys({ targets: 'a list of targets' }));
const documentSchema = valibot_dist/* pipe */.FsL(aMapping('a fleet document (a mapping of keys)'), documentObject);
const TARGET_KEYS = Object.keys(targetEntries);
const DEFAULTS_KEYS = Object.keys(defaultsEntries);
const DOCUMENT_KEYS = Object.keys(documentEntries);
function validate(schema, value) {
    const r = valibot_dist/* safeParse */.xLC(schema, value);
    if (r.success)
        return (0,result.ok)(r.output);
    return (0,result/* err */._)(r.issues.map(issue => ({
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
            const guess = (0,did_you_mean/* didYouMean */.a)(key, known);
            const message = `unknown key ${(0,errors/* quote */.h)(key)}` +
                (guess ? `; did you mean ${(0,errors/* quote */.h)(guess)}?` : `; expected one of ${known.join(', ')}`);
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

;// CONCATENATED MODULE: ./src/fleet/yaml-kit.ts
// What reading a YAML fleet takes beyond one URL a line: the yaml parser, the valibot schema and
// where the document puts each key. A chunk of its own (settings.ts imports it only for fleet
// text that is not one URL a line), so a plain URL list starts without compiling either library.



/** The offset where the deepest node `path` reaches starts (its key's, for unknown keys). */
function locator(doc) {
    return (path, keyLine) => {
        for (let n = path.length; n >= 0; n--) {
            const node = doc?.getIn(path.slice(0, n), true);
            const keyNode = keyLine && n === path.length - 1 ? findKey(node, path[n]) : undefined;
            // For a key, skip its value (it may start on a later line) and use the key node.
            const range = keyNode?.range ?? (keyLine && n >= path.length - 1 ? undefined : node?.range);
            if (range)
                return range[0];
        }
        return undefined;
    };
}
function findKey(node, key) {
    if (!(0,dist/* isMap */.jh)(node))
        return undefined;
    const pair = node.items.find(p => (0,dist/* isScalar */.jn)(p.key) && String(p.key.value) === String(key));
    return pair?.key;
}
const yamlKit = {
    readYaml: readYaml,
    locator,
    isMap: dist/* isMap */.jh,
    isScalar: dist/* isScalar */.jn,
    isSeq: dist/* isSeq */.oP,
    validate: validate,
    issueProblems: issueProblems,
    schemas: { document: documentSchema, defaults: defaultsSchema, target: targetSchema },
    keys: { document: DOCUMENT_KEYS, defaults: DEFAULTS_KEYS, target: TARGET_KEYS }
};


/***/ })

};
