/**
 * js-yaml 5, the rewrite of js-yaml that passes the YAML test suite, with go-yaml v2's scalar rules
 * (yaml11-scalars.ts): the reader of the few documents js-yaml 4 is known to misread
 * (read-document.ts says which). It is about three times slower than js-yaml 4 on the corpus, so it
 * is not the reader of every document; it is loaded on first use, with a local require that the
 * bundle resolves into a chunk evaluated only then.
 */
import { createRequire } from 'node:module';
import type * as JsYaml5 from 'js-yaml-5';
import { FALSE, floatOf, integerOf, NULLS, TRUE } from './yaml11-scalars.js';

interface Loaded {
  readonly library: typeof JsYaml5;
  readonly schema: JsYaml5.Schema;
}

let loaded: Loaded | undefined;

function schemaOf(library: typeof JsYaml5): JsYaml5.Schema {
  const { defineMappingTag, defineScalarTag, NOT_RESOLVED } = library;
  const scalar = <T>(name: string, resolve: (source: string) => T | undefined) =>
    defineScalarTag(`tag:yaml.org,2002:${name}`, {
      implicit: true,
      resolve: (source) => {
        const value = resolve(source);
        return value === undefined ? NOT_RESOLVED : value;
      },
      identify: () => false,
    });
  const binary = library.binaryTag;
  return library.FAILSAFE_SCHEMA.withTags(
    scalar('null', (source) => (NULLS.has(source) ? null : undefined)),
    scalar('bool', (source) => (TRUE.has(source) ? true : FALSE.has(source) ? false : undefined)),
    scalar('int', integerOf),
    scalar('float', floatOf),
    library.mergeTag,
    // `!!binary` with no data is no bytes, as in the js-yaml 4 schema.
    defineScalarTag('tag:yaml.org,2002:binary', {
      resolve: (source, explicit, tag) => (source === '' ? new Uint8Array() : binary.resolve(source, explicit, tag)),
      identify: () => false,
    }),
    // Keys are property names as js-yaml 4 writes them (`String(key)`: a complex key reads
    // `[object Object]` or `a,b`), defined, never assigned, so `__proto__` is an ordinary key.
    defineMappingTag<Record<string, unknown>>('tag:yaml.org,2002:map', {
      create: () => ({}),
      addPair: (mapping, key, value) => {
        Object.defineProperty(mapping, String(key), { value, enumerable: true, writable: true, configurable: true });
        return '';
      },
      has: (mapping, key) => Object.hasOwn(mapping, String(key)),
      keys: (mapping) => Object.keys(mapping),
      get: (mapping, key) => mapping[String(key)],
      identify: () => false,
    }),
  );
}

function load(): Loaded {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const library = require('js-yaml-5') as typeof JsYaml5;
    loaded = { library, schema: schemaOf(library) };
  }
  return loaded;
}

/**
 * One document's value (undefined for a document with no content), read by js-yaml 5; throws its
 * YAMLException where js-yaml 4's `load` throws its own.
 */
export function loadWithJsYaml5(text: string, maxDepth: number): unknown {
  const { library, schema } = load();
  const documents = library.loadAll(text, { schema, maxDepth });
  if (documents.length > 1) throw new library.YAMLException('expected a single document in the stream, but found more');
  return documents[0];
}

/** Whether a thrown value is js-yaml 5's YAMLException; its `reason` and `mark.position` are js-yaml 4's. */
export function isJsYaml5Exception(thrown: unknown): thrown is JsYaml5.YAMLException {
  return loaded !== undefined && thrown instanceof loaded.library.YAMLException;
}
