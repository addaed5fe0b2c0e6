/**
 * Documents js-yaml 4 reads otherwise than libyaml and go-yaml (the mutation test against libyaml
 * found them; test/reader-repro.test.ts holds one of each), which js-yaml 5 reads instead
 * (read-document.ts):
 * - an empty block sequence item (`-` alone, `- -`, or `-` before a comment): js-yaml 4 takes the
 *   next, less indented `- ` item into that inner sequence, so a container can turn into a volume mount;
 * - a line that starts with `---` or `...` and goes on without a blank (`---apiVersion: v1`): a
 *   plain scalar in YAML, a document marker to js-yaml 4;
 * - a block sequence entry or mapping key on a `---` line (`--- - a`), which libyaml refuses.
 * A line ends at `\n` or `\r`, as in YAML. The scan looks only at the few places such a line can be
 * (a dash before a comment or a line's end; a `---` or `...`): one regular expression over every
 * line costs ~5% of a bulk run, this ~1.5%. test/js-yaml-4-misreads.test.ts compares it with that expression.
 */

/** A dash, blanks, then a comment, a line break or the end: where an empty item's line can end. */
const DASH_AT_END = /-[ \t]*(?:#|\r|\n|$)/g;
/** An empty block sequence item, from its line's start. */
const EMPTY_ITEM_LINE = /[ \t]*(?:-[ \t]+)*-[ \t]*(?:#[^\r\n]*)?(?:[\r\n]|$)/y;
/** A marker run into text, or a block entry or key after `---`, from its line's start. */
const MARKER_LINE = /(?:---|\.\.\.)(?:[^ \t\r\n]|[ \t]+[-?](?:[ \t\r\n]|$))/y;

/** The start of the line holding `at` (a search back for either break alone would scan the whole text for the other). */
function lineStart(text: string, at: number): number {
  let start = at;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return start;
}

/** The rest of a line. */
const REST_OF_LINE = /[^\r\n]*/y;

/** Each line is looked at once at most, so the scan stays linear whatever a line holds (`- #- #- #…`). */
function hasEmptyItem(text: string): boolean {
  DASH_AT_END.lastIndex = 0;
  for (let found = DASH_AT_END.exec(text); found !== null; found = DASH_AT_END.exec(text)) {
    EMPTY_ITEM_LINE.lastIndex = lineStart(text, found.index);
    if (EMPTY_ITEM_LINE.test(text)) return true;
    REST_OF_LINE.lastIndex = found.index;
    REST_OF_LINE.test(text);
    DASH_AT_END.lastIndex = Math.max(REST_OF_LINE.lastIndex, found.index + 1);
  }
  return false;
}

function hasMarkerLine(text: string): boolean {
  for (const marker of ['---', '...']) {
    for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) {
      if (at > 0 && text[at - 1] !== '\n' && text[at - 1] !== '\r') continue;
      MARKER_LINE.lastIndex = at;
      if (MARKER_LINE.test(text)) return true;
    }
  }
  return false;
}

export function misreadByJsYaml4(text: string): boolean {
  return hasEmptyItem(text) || hasMarkerLine(text);
}
