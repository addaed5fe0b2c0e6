/**
 * "Did you mean" for a mistyped name (a rule id in the config, `--rule`, `--fix-rule`, `ignore:`):
 * the known name closest by edit distance (fastest-levenshtein), when it is close enough to be the
 * one meant: at most a third of the name's length apart (at least one edit allowed), or the
 * shortest known name that begins with what was typed (four characters or more).
 */
import { distance } from 'fastest-levenshtein';

/** ` (did you mean "volume-mount-undefined"?)`, or '' when no known name is close. */
export function didYouMean(given: string, known: Iterable<string>): string {
  const names = [...known].sort();
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const apart = distance(given.toLowerCase(), name.toLowerCase());
    if (best === undefined || apart < best.distance) best = { name, distance: apart };
  }
  if (best === undefined || (best.distance === 0 && best.name === given)) return '';
  if (best.distance <= Math.max(1, Math.floor(given.length / 3))) return ` (did you mean "${best.name}"?)`;
  const begun = given.length >= 4 ? names.filter((name) => name.startsWith(given)).sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0] : undefined;
  return begun !== undefined ? ` (did you mean "${begun}"?)` : '';
}
