/**
 * The regex engine of policy schemas (ajv's `code.regExp`): `pattern` and `patternProperties` of
 * user-written policies run on RE2 (re2js, a pure JavaScript port of Google's RE2), whose matching
 * time is linear in the input, so no pattern (`^(a+)+$`) can hang a run on a crafted manifest.
 * A pattern RE2 cannot run is an UnsupportedPattern, which policies.ts turns into a config error.
 */
import { RE2JS } from 're2js';
import { describeThrown } from '../engine/rule.js';

/** A `pattern` (or `patternProperties` key) that RE2 cannot run; `reason` completes "pattern … ". */
export class UnsupportedPattern extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`pattern ${JSON.stringify(pattern)} ${reason}`);
  }
}

/** What RE2 lacks, by the text that starts it (outside a character class). */
const UNSUPPORTED: readonly (readonly [RegExp, string])[] = [
  [/^\\(k<|[1-9])/, 'a backreference'],
  [/^\(\?[=!]/, 'a lookahead'],
  [/^\(\?<[=!]/, 'a lookbehind'],
];

/** The first construct of a (valid JavaScript) pattern that RE2 cannot run: ``a lookahead `(?=` ``. */
function unsupportedConstruct(pattern: string): string | undefined {
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (!inClass) {
      const rest = pattern.slice(index, index + 4);
      for (const [start, name] of UNSUPPORTED) {
        const found = start.exec(rest);
        if (found) return `${name} \`${found[0]}\``;
      }
    }
    if (char === '\\') index++;
    else if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
  }
  return undefined;
}

/**
 * ajv's `code.regExp`: a pattern compiled for RE2. It must first be a valid JavaScript `u` pattern,
 * as JSON Schema and ajv's default engine want; re2js translates the JavaScript escapes (`\u00e9`,
 * `/`, `(?<name>…)`). What RE2 leaves out (backreferences, lookahead, lookbehind) is an
 * UnsupportedPattern. Known differences in what a pattern matches: RE2's `\s` is ASCII whitespace
 * only, and its `.` also matches `\r`, U+2028 and U+2029.
 */
export function linearRegExp(pattern: string): { test(text: string): boolean } {
  // Throws JavaScript's own SyntaxError for a malformed pattern (compiling never backtracks).
  new RegExp(pattern, 'u');
  // Named first: re2js would read `\k<name>` as a plain "k<name>", and a lookbehind as a bad group name.
  const unsupported = unsupportedConstruct(pattern);
  if (unsupported !== undefined) throw new UnsupportedPattern(pattern, `holds ${unsupported}`);
  try {
    return RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (error) {
    throw new UnsupportedPattern(pattern, `is not valid for RE2: ${describeThrown(error).replace(/^error parsing regexp: /, '')}`);
  }
}
/** Read only by ajv's standalone code generation, which sidecar-lint does not use. */
linearRegExp.code = 'linearRegExp';

/** JSON pointer of the first `pattern: <pattern>` or `patternProperties` key `<pattern>` in the schema. */
export function patternPointer(schema: unknown, pattern: string, pointer = ''): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  for (const [key, value] of Object.entries(schema)) {
    const here = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (key === 'pattern' && value === pattern && !Array.isArray(schema)) return here;
    if (key === 'patternProperties' && typeof value === 'object' && value !== null && Object.hasOwn(value, pattern)) {
      return `${here}/${pattern.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    }
    const found = patternPointer(value, pattern, here);
    if (found !== undefined) return found;
  }
  return undefined;
}
