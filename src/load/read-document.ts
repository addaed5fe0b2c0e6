/**
 * One YAML document's text → its value, as the API server would read it, or the reason it cannot
 * be read. js-yaml 4 reads (with go-yaml v2's scalar rules, `yaml11-schema.ts`), js-yaml 5 the
 * documents js-yaml 4 is known to misread (js-yaml-4-misreads.ts); this module only makes the
 * value safe to hand on:
 * - no mapping inherits a field, so `__proto__`, `constructor` and `prototype` are ordinary keys;
 * - a mapping or sequence reached again (an alias, or what a `<<` merge shares) stays one object,
 *   and a document whose reuses would add more than `maxAliasCount` × 1,000 values to a walk is
 *   refused (YAML "billion laughs": a value that is small in memory but explodes when walked).
 */
import jsyaml from 'js-yaml';
import { misreadByJsYaml4 } from './js-yaml-4-misreads.js';
import { isJsYaml5Exception, loadWithJsYaml5 } from './js-yaml-5.js';
import { KUBERNETES_YAML_SCHEMA } from './yaml11-schema.js';

/** A problem's offset in the document's text; undefined for a problem of the whole document (it is reported where its content starts). */
export type DocumentRead = { readonly value: unknown } | { readonly problem: string; readonly offset: number | undefined };

export const TOO_DEEP = 'YAML document refused: it is nested too deeply to read (hundreds of levels); no manifest needs that.';

/** Levels of nesting js-yaml reads; manifests use a few dozen (CRD schemas the most). */
const MAX_DEPTH = 1_000;

/** js-yaml 4.3's `maxDepth` is newer than its type declarations. */
const LOAD_OPTIONS = { schema: KUBERNETES_YAML_SCHEMA, maxDepth: MAX_DEPTH } as jsyaml.LoadOptions;

/**
 * js-yaml 5 (a rewrite that passes the YAML test suite, but about three times slower) reads the
 * documents js-yaml 4 misreads. It follows YAML's rule that the lines of a flow collection or of a
 * quoted scalar be indented more than their parent, which libyaml and go-yaml do not check (Argo's
 * own examples break it); where that alone makes it refuse a document, js-yaml 4's reading stands.
 */
function loadDocument(text: string): unknown {
  if (misreadByJsYaml4(text)) {
    try {
      return loadWithJsYaml5(text, MAX_DEPTH);
    } catch (thrown) {
      if (!(isJsYaml5Exception(thrown) && thrown.reason === 'deficient indentation')) throw thrown;
    }
  }
  return jsyaml.load(text, LOAD_OPTIONS);
}

/**
 * `[apply, -f, -]`: YAML has no plain scalar `-` before `,`, `]` or `}`, and js-yaml (4 and 5)
 * refuses it, but libyaml and go-yaml read the string "-". No YAML library here reads it so; the
 * message says what to write instead of js-yaml's "missed comma".
 */
const LONE_DASH = /-[ \t]*[,\]}]/y;
const LONE_DASH_REASON = 'a lone - in a flow collection ([ ] or { }) is not a YAML value, though the API server reads it as the string "-": quote it ("-")';

function isStackOverflow(thrown: unknown): boolean {
  return thrown instanceof RangeError && /call stack/i.test(thrown.message);
}

class TooManyAliases extends Error {}

/**
 * Mappings inherit nothing but `toString` (so a value still prints as `[object Object]` in a
 * message): `__proto__`, `constructor` and `prototype` are ordinary keys, and no lookup of a key a
 * manifest lacks finds a field of `Object.prototype`.
 */
const MAPPING = Object.freeze(Object.create(null, { toString: { value: () => '[object Object]' } })) as object;

/**
 * A copy of a js-yaml value with {@link MAPPING} mappings. What an alias (or a `<<` merge) reuses
 * stays one object, as js-yaml made it; but whoever walks the value (schema validation, rules)
 * walks each reuse again, so the values reuses add are counted, each reused subtree by its full size,
 * and more than `maxAliasCount` × 1,000 refuse the document.
 */
function plainCopy(value: unknown, maxAliasCount: number): unknown {
  /** Each collection met: its copy and the values a walk of it visits (reuses inside counted in full). */
  const copies = new Map<object, { readonly copy: unknown; readonly size: number }>();
  const limit = maxAliasCount * 1_000;
  /** Values a walk has visited so far, and how many of them reuses added. */
  let visited = 0;
  let added = 0;
  const copy = (node: unknown): unknown => {
    const known = node !== null && typeof node === 'object' ? copies.get(node) : undefined;
    if (known !== undefined) {
      visited += known.size;
      added += known.size;
      if (added > limit) throw new TooManyAliases();
      return known.copy;
    }
    visited++;
    // Scalars, and !!binary values (Uint8Array) and other non-plain objects, are leaves.
    if (node === null || typeof node !== 'object' || (!Array.isArray(node) && Object.getPrototypeOf(node) !== Object.prototype)) return node;
    const start = visited - 1;
    let result: unknown[] | Record<string, unknown>;
    if (Array.isArray(node)) {
      result = [];
      for (const item of node) result.push(copy(item));
    } else {
      result = Object.create(MAPPING) as Record<string, unknown>;
      for (const key of Object.keys(node)) {
        // defineProperty: an own `__proto__` key, never the prototype.
        Object.defineProperty(result, key, { value: copy((node as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
      }
    }
    copies.set(node, { copy: result, size: visited - start });
    return result;
  };
  return copy(value);
}

export function readDocument(text: string, maxAliasCount: number): DocumentRead {
  let loaded: unknown;
  try {
    loaded = loadDocument(text);
  } catch (thrown) {
    if (isStackOverflow(thrown)) return { problem: TOO_DEEP, offset: undefined };
    if (thrown instanceof jsyaml.YAMLException || isJsYaml5Exception(thrown)) {
      const offset = thrown.mark?.position ?? 0;
      if (/maxDepth/.test(thrown.reason)) return { problem: TOO_DEEP, offset };
      LONE_DASH.lastIndex = offset;
      return { problem: `YAML syntax error: ${LONE_DASH.test(text) ? LONE_DASH_REASON : thrown.reason}`, offset };
    }
    // Anything else js-yaml throws is its own failure on this document: the document is refused, the run goes on.
    return { problem: `YAML document could not be read: ${thrown instanceof Error ? thrown.message : String(thrown)}`, offset: undefined };
  }
  try {
    return { value: plainCopy(loaded, maxAliasCount) };
  } catch (thrown) {
    if (isStackOverflow(thrown)) return { problem: TOO_DEEP, offset: undefined };
    if (!(thrown instanceof TooManyAliases)) throw thrown;
    return {
      problem: `YAML document refused: its aliases expand to more than ${maxAliasCount * 1_000} values (alias-heavy documents can make reading explode, as in "billion laughs").`,
      offset: undefined,
    };
  }
}
