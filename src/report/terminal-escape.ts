/**
 * Text from manifests, configs and file names is untrusted: control characters and escape sequences
 * (ANSI colours, OSC 8 links, OSC 0 window titles) must never reach a terminal or a CI log raw, and
 * bidirectional controls must not reorder what a reader sees. They are shown visibly instead:
 * `\x1b`, `\n`, `\u009b`, `\u202e`. Ordinary text, ASCII or not (`é`, `日本`), passes unchanged.
 * A backslash is left as it is, so Windows paths and regular expressions stay readable.
 *
 * Every human-facing writer uses this module: the text and GitHub formats, the `--fix-dry-run`
 * diff, `--list-rules`, `--print-config`, SARIF's display strings and the CLI's error messages.
 * JSON and SARIF keep their values exact and only serialize these characters as `\u` escapes
 * (`escapeJsonForTerminal`), which parse back to the same strings.
 */

/**
 * What a terminal acts on or hides: C0 controls, DEL, C1 controls (U+009B is a one-character CSI,
 * U+0085 a line break), the line and paragraph separators, the bidi embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069) and the invisible direction marks (U+061C, U+200E,
 * U+200F), which reorder text around them (Trojan Source, CVE-2021-42574); the invisible
 * characters no script needs (U+200B zero width space, U+2060 word joiner, U+FEFF), which make
 * `app\u200b` look like `app`. Zero width (non-)joiners stay: Persian, Indic scripts and emoji use
 * them. Also lone surrogates, which a terminal would get as U+FFFD, hiding what the file holds.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The same characters in serialized JSON, less what `JSON.stringify` already escapes (C0, lone surrogates). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

export interface EscapeOptions {
  /** Keep line feeds: the lines are the caller's own (a diff, a stack trace), their content is escaped. */
  readonly lineFeeds?: boolean;
  /**
   * Keep tabs, and a carriage return that ends a line: a file's text as the file has it (the diff),
   * so a CRLF or tab-separated file still gives a diff `patch` applies. Neither moves text over
   * other text; a carriage return anywhere else does, and is escaped.
   */
  readonly fileText?: boolean;
}

function visible(char: string): string {
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every character a terminal would act on shown as an escape. */
export function escapeForTerminal(text: string, options: EscapeOptions = {}): string {
  return text.replace(UNSAFE, (char: string, offset: number) => {
    if (char === '\n' && options.lineFeeds) return char;
    if (char === '\t' && options.fileText) return char;
    if (char === '\r' && options.fileText && (offset === text.length - 1 || (options.lineFeeds && text[offset + 1] === '\n'))) return char;
    return visible(char);
  });
}

/**
 * Serialized JSON (`JSON.stringify` output) with the characters above written as `\u` escapes.
 * They can only occur inside strings, where an escape reads back the same, so the document parses
 * to the same values; ordinary JSON is left byte for byte as it was.
 */
export function escapeJsonForTerminal(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
