/**
 * Globs of `ignore:` entries: picomatch decides what a glob means, RE2 (re2js) runs it.
 *
 * picomatch compiles a glob to a JavaScript RegExp, and V8 runs it by backtracking: five `*` in a
 * segment against a 250-character file name take minutes (measured: `*a*a*a*a*a*b` on 250 `a`s,
 * 224 s), and `**` between starred segments multiplies it. RE2 matches in time linear in the text,
 * but has no lookaround, and picomatch's output has three kinds of it, all about text our inputs
 * never hold:
 *   `(?!\.{1,2}(?:\/|$))` and `(?!(?:^|\/)\.{1,2}(?:\/|$))`: no `.` or `..` path segment here;
 *   `(?=.)`: the text does not end here.
 * The paths matched are relative paths from `path.relative` (never empty, no `.` or `..`
 * segment, no trailing `/`), so these assertions always hold and dropping them changes no
 * answer; names and namespaces are matched the same way, and the empty text (an object without
 * a namespace) goes to picomatch itself, which answers it in constant time.
 * A glob whose regular expression still needs lookaround (an extglob `!(…)`) is refused.
 * re2js is loaded on demand (re2.ts): the config loader loads it before it compiles a glob.
 */
import picomatch from 'picomatch';
import type { RE2JS } from 're2js';
import { re2 } from './re2.js';

const GLOB_OPTIONS = { dot: true } as const;

/** Lookarounds picomatch writes that cannot fail on a normalized relative path or a non-empty name. */
const VACUOUS_ASSERTIONS = ['(?!(?:^|\\/)\\.{1,2}(?:\\/|$))', '(?!\\.{1,2}(?:\\/|$))', '(?=.)'] as const;

export type GlobMatcher = (text: string) => boolean;

/** Why a glob cannot be an ignore glob, as words that complete "glob `…` ", or a matcher. */
export function compileGlob(glob: string): GlobMatcher | { readonly refused: string } {
  const scan = picomatch.scan(glob);
  const negated = scan.negated === true;
  const body = negated ? glob.slice(scan.start ?? 1) : glob;
  let source = picomatch.makeRe(body, GLOB_OPTIONS).source;
  for (const assertion of VACUOUS_ASSERTIONS) source = source.split(assertion).join('');
  if (/\(\?<?[=!]/.test(source)) return { refused: 'uses a pattern that needs lookaround, such as `!(…)`: write the names it should match instead' };
  const engine = re2();
  let compiled: RE2JS;
  try {
    compiled = engine.compile(engine.translateRegExp(source));
  } catch {
    return { refused: 'cannot be matched in linear time' };
  }
  const emptyAnswer = picomatch(glob, GLOB_OPTIONS)('');
  return (text) => (text === '' ? emptyAnswer : compiled.matcher(text).matches() !== negated);
}

/** A matcher of a glob already checked by the config loader (a refused glob matches nothing). */
export function globMatcher(glob: string): GlobMatcher {
  const compiled = compileGlob(glob);
  return typeof compiled === 'function' ? compiled : () => false;
}
