/**
 * A line-by-line proof that a document is plain block YAML the parser reads without any error, so
 * that the pre-scan (`prescan.ts`) may skip it and still report exactly what a full parse reports.
 *
 * Over 300 lines on purpose: one scanner whose states share a single loop over the lines; split, its
 * invariants would be spread over modules. It is part of the hand-written fast path that the one
 * reader of record (values from a maintained YAML library) is to replace.
 *
 * It accepts a deliberately small subset, the one generated and hand-written manifests use:
 * - block mappings and sequences indented with spaces, indentless sequences under a key, and
 *   compact `- key: value` and `- - item` items; every mapping's keys unique;
 * - keys that are plain words (`name`, `app.kubernetes.io/name`, `x-kubernetes-int-or-string`) or
 *   quoted text without escapes, never a YAML 1.1 boolean or null word (`on`, `y`, `null`…);
 * - values that are plain scalars, quoted scalars with valid escapes (both over several lines too),
 *   literal and folded block scalars, and one-line flow collections of words and quoted scalars
 *   (`["sh", "-c"]`, `{ cpu: 100m }`);
 * - comments, blank lines and CRLF line ends.
 * Anything else (tabs outside block scalar text, anchors, aliases, tags, explicit `?` keys,
 * multi-line flow collections, control characters, odd indentation) is "not proven" and the
 * caller composes the document. The tests compare this proof with the parser on generated input.
 *
 * On the way it collects what the pre-scan needs to know without composing: the top-level `kind`
 * and `apiVersion` (when they are plain words) and the keys of the top-level `spec` mapping.
 */

export interface DocumentShape {
  /** Whether the document holds anything but comments and blank lines. */
  readonly hasContent: boolean;
  /** Top-level `kind` and `apiVersion` values, present only when written as one plain or quoted word. */
  readonly kind?: string;
  readonly apiVersion?: string;
  /** Keys of the top-level `spec` when it is a block mapping; undefined when there is none. */
  readonly specKeys?: ReadonlySet<string>;
}

interface Frame {
  readonly indent: number;
  readonly isMap: boolean;
  readonly keys: Set<string>;
}

/** Characters a plain scalar may not start with (YAML indicators), besides `-`, `?`, `:` before a space. */
const INDICATOR = new Set([...',[]{}#&*!|>\'"%@`'].map((char) => char.charCodeAt(0)));
/** Control characters, byte-order marks and Unicode line separators: the parser's business. */
const UNUSUAL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
const LONE_CR = /\r(?!\n)/;
/** YAML 1.1 words that resolve to booleans or null: as keys they compare unlike their spelling. */
const SPECIAL_KEYS = new Set(['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null']);
const WORD = /^[A-Za-z0-9][A-Za-z0-9_./-]*$/;
/** Escapes a one-line double-quoted scalar may use. */
const DOUBLE_QUOTED_ESCAPE = /^(?:[0abtnvfre "/\\N_LP\t]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})/;
const MAX_DEPTH = 64;
const MAX_FLOW_DEPTH = 8;
const MAX_KEY_LENGTH = 1000;

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const QUESTION = 63;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BACKSLASH = 92;
const PIPE = 124;
const GREATER = 62;
const BRACE = 123;
const BRACKET = 91;
const CR = 13;
const DOLLAR = 36;
const SLASH = 47;
const PLUS = 43;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;
const COMMA = 44;

/**
 * What the proof learned about one value, as a small number (no object per line: the proof reads
 * every line of every skipped document).
 */
const enum Value {
  /** Outside the subset. */
  NotProven,
  /** No value on the line: a nested block (or nothing, which is null) follows. */
  Nested,
  /** A scalar complete on its line. */
  Scalar,
  /** A plain scalar that later, more indented lines may continue. */
  PlainContinues,
  /** A block scalar starts: its text follows on the next lines. */
  BlockScalar,
  /** A quoted scalar goes on to the next lines. */
  OpenSingleQuoted,
  OpenDoubleQuoted,
}

const NOT_PROVEN = undefined;

/** Whether `text[from, to)` holds only spaces, then nothing or a comment. */
function restIsBlank(text: string, from: number, to: number): boolean {
  let at = from;
  while (at < to && text.charCodeAt(at) === SPACE) at++;
  return at === to || (at > from && text.charCodeAt(at) === HASH);
}

/** A quoted scalar that does not close on its line. */
const OPEN = -2;

/**
 * Scan quoted text from `from` (just after the opening quote, or at the start of a later line)
 * to `to`, the line end: where it closes (after the quote), {@link OPEN} when the line ends inside
 * it, -1 for what the subset leaves to the parser (tabs, unknown escapes).
 */
function scanQuoted(text: string, quote: number, from: number, to: number): number {
  for (let at = from; at < to; at++) {
    const char = text.charCodeAt(at);
    if (char === TAB) return -1;
    if (quote === SINGLE_QUOTE) {
      if (char !== SINGLE_QUOTE) continue;
      if (at + 1 < to && text.charCodeAt(at + 1) === SINGLE_QUOTE) {
        at++;
        continue;
      }
      return at + 1;
    }
    if (char === DOUBLE_QUOTE) return at + 1;
    if (char === BACKSLASH) {
      // A backslash that ends the line escapes the line break.
      if (at + 1 === to) return OPEN;
      const escape = DOUBLE_QUOTED_ESCAPE.exec(text.slice(at + 1, Math.min(to, at + 10)));
      if (!escape) return -1;
      at += escape[0].length;
    }
  }
  return OPEN;
}

function isFlowWordChar(char: number): boolean {
  return (char >= 65 && char <= 90) || (char >= 97 && char <= 122) || (char >= 48 && char <= 57) || char === 95 || char === 46 || char === SLASH || char === 61 || char === PLUS || char === DASH;
}

/**
 * Where a flow scalar at `from` ends: a quoted scalar on one line, or plain words (`100m`,
 * `echo A`, `-c`) separated by single spaces; -1 when it is anything else.
 */
function flowScalarEnd(text: string, from: number, to: number): number {
  const first = text.charCodeAt(from);
  if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
    const end = scanQuoted(text, first, from + 1, to);
    return end < 0 ? -1 : end;
  }
  let at = from;
  while (at < to && isFlowWordChar(text.charCodeAt(at))) {
    at++;
    if (text.charCodeAt(at) === SPACE && isFlowWordChar(text.charCodeAt(at + 1))) at++;
  }
  // `-` alone would start a block sequence; `-c` is a word.
  return at === from || (first === DASH && at === from + 1) ? -1 : at;
}

/**
 * Where a one-line flow collection at `from` ends (after its `]` or `}`), or -1: sequences and
 * mappings of flow scalars and of such collections, `key: value` pairs with unique keys, no
 * trailing comma (`["sh", -c]`, `{ cpu: 100m, memory: 128Mi }`, `[{name: a, value: b}]`).
 */
function flowEnd(text: string, from: number, to: number, depth: number): number {
  const isMap = text.charCodeAt(from) === BRACE;
  const close = isMap ? CLOSE_BRACE : CLOSE_BRACKET;
  const keys = isMap ? new Set<string>() : undefined;
  let at = from + 1;
  const skipSpaces = () => {
    while (at < to && text.charCodeAt(at) === SPACE) at++;
  };
  skipSpaces();
  if (text.charCodeAt(at) === close) return at + 1;
  if (depth > MAX_FLOW_DEPTH) return -1;
  for (;;) {
    if (keys !== undefined) {
      const colon = keyColon(text, at, to);
      if (colon === -1 || keys.has(lastKey)) return -1;
      keys.add(lastKey);
      at = colon + 1;
      skipSpaces();
    }
    const first = text.charCodeAt(at);
    at = first === BRACE || first === BRACKET ? flowEnd(text, at, to, depth + 1) : flowScalarEnd(text, at, to);
    if (at < 0) return -1;
    skipSpaces();
    const next = text.charCodeAt(at);
    if (next === close) return at + 1;
    if (next !== COMMA) return -1;
    at++;
    skipSpaces();
  }
}

/** The indentation indicator of the block scalar header {@link readValue} read last (0: none). */
let lastIndentIndicator = 0;

/** Read a value starting at `from` (after `key:` or `- `) up to `to` (the end of the line). */
function readValue(text: string, from: number, to: number): Value {
  let at = from;
  while (at < to && text.charCodeAt(at) === SPACE) at++;
  if (at === to) return Value.Nested;
  const first = text.charCodeAt(at);
  if (first === HASH) return at > from ? Value.Nested : Value.NotProven;
  if (first === PIPE || first === GREATER) {
    // The header: chomping (`-`, `+`) and indentation (1-9) indicators, in either order.
    let header = at + 1;
    let chomping = false;
    lastIndentIndicator = 0;
    for (let part = 0; part < 2; part++) {
      const char = text.charCodeAt(header);
      if ((char === DASH || char === PLUS) && !chomping) {
        chomping = true;
        header++;
      } else if (char >= 49 && char <= 57 && lastIndentIndicator === 0) {
        lastIndentIndicator = char - 48;
        header++;
      }
    }
    return restIsBlank(text, header, to) ? Value.BlockScalar : Value.NotProven;
  }
  if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
    const end = scanQuoted(text, first, at + 1, to);
    if (end === OPEN) return first === SINGLE_QUOTE ? Value.OpenSingleQuoted : Value.OpenDoubleQuoted;
    return end !== -1 && restIsBlank(text, end, to) ? Value.Scalar : Value.NotProven;
  }
  if (first === BRACKET || first === BRACE) {
    const end = flowEnd(text, at, to, 0);
    return end !== -1 && restIsBlank(text, end, to) ? Value.Scalar : Value.NotProven;
  }
  if (INDICATOR.has(first)) return Value.NotProven;
  if ((first === DASH || first === QUESTION || first === COLON) && (at + 1 === to || text.charCodeAt(at + 1) === SPACE)) return Value.NotProven;
  const end = plainEnd(text, at, to);
  // A comment ends the scalar: nothing may continue it.
  return end === -1 ? Value.NotProven : end === to ? Value.PlainContinues : Value.Scalar;
}

/** A one-line value as a word (`v1`, `"apps/v1"`), for `kind` and `apiVersion`; undefined otherwise. */
function wordAt(text: string, from: number, to: number): string | undefined {
  let at = from;
  while (at < to && text.charCodeAt(at) === SPACE) at++;
  const first = text.charCodeAt(at);
  const quoted = first === DOUBLE_QUOTE || first === SINGLE_QUOTE;
  // The text between the quotes (a word has no quote or escape in it), or up to a comment.
  let end = quoted ? scanQuoted(text, first, at + 1, to) - 1 : plainEnd(text, at, to);
  if (end < 0) return undefined;
  if (quoted) at++;
  while (!quoted && end > at && text.charCodeAt(end - 1) === SPACE) end--;
  const word = text.slice(at, end);
  return WORD.test(word) ? word : undefined;
}

/**
 * Where a plain scalar's text on this line ends: the line end, or the space before a comment;
 * -1 when the line holds `: ` or a trailing `:` (a key the subset does not allow here) or a tab.
 */
function plainEnd(text: string, from: number, to: number): number {
  for (let at = from; at < to; at++) {
    const char = text.charCodeAt(at);
    if (char === COLON) {
      if (at + 1 === to || text.charCodeAt(at + 1) === SPACE) return -1;
    } else if (char === SPACE) {
      if (text.charCodeAt(at + 1) === HASH && at + 1 < to) return at;
    } else if (char === TAB) {
      return -1;
    }
  }
  return to;
}

/** The text of the key {@link keyColon} read last. */
let lastKey = '';

/** Where the `:` of a key at `from` is (its text in {@link lastKey}), or -1 when the line does not start with one. */
function keyColon(text: string, from: number, to: number): number {
  const first = text.charCodeAt(from);
  let at = from;
  if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
    at++;
    while (at < to) {
      const char = text.charCodeAt(at);
      if (char === first) break;
      if (char === BACKSLASH || char === TAB) return -1;
      at++;
    }
    if (at === to) return -1;
    lastKey = text.slice(from + 1, at);
    at++;
  } else {
    // A letter, `_`, `$` or `/` first: words that start so never resolve to numbers.
    if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95 || first === DOLLAR || first === SLASH)) return -1;
    at++;
    for (; at < to; at++) {
      const char = text.charCodeAt(at);
      const wordChar = (char >= 65 && char <= 90) || (char >= 97 && char <= 122) || (char >= 48 && char <= 57) || char === 95 || char === 46 || char === SLASH || char === DASH || char === DOLLAR;
      if (!wordChar) break;
    }
    if (text.charCodeAt(at) !== COLON) return -1;
    lastKey = text.slice(from, at);
    if (at - from <= 5 && SPECIAL_KEYS.has(lastKey.toLowerCase())) return -1;
  }
  if (at - from > MAX_KEY_LENGTH || text.charCodeAt(at) !== COLON) return -1;
  if (at + 1 < to && text.charCodeAt(at + 1) !== SPACE) return -1;
  return at;
}

/** Whether the text has a character the proof leaves to the parser. */
export function hasUnusualCharacters(text: string): boolean {
  // Carriage returns are rare: look for a lone one only when there is one at all.
  return UNUSUAL.test(text) || (text.includes('\r') && LONE_CR.test(text));
}

/**
 * Prove that `text[start, end)` (one document, without its `---` line) is well-formed block YAML
 * and read its shape; undefined when the proof does not go through. The caller checks the text
 * for {@link hasUnusualCharacters} first.
 */
export function proveWellFormed(text: string, start: number, end: number): DocumentShape | undefined {
  const frames: Frame[] = [];
  // After `key:` or `-` with nothing else, a block indented more than `pendingIndent` may follow
  // (after a key, also a sequence at the key's own indentation). The document starts so, at -1.
  let pending = true;
  let pendingIndent = -1;
  let pendingFromKey = false;
  let pendingSpec = false;
  // A plain scalar continues on lines indented more than this; -1: no scalar may continue.
  let continueAbove = -1;
  // A quoted scalar over several lines: its quote, and the indentation its lines must exceed.
  let openQuote = -1;
  let quoteAbove = -1;
  // A block scalar: its text is indented more than `blockParent` (the key's or the dash's column),
  // at `blockIndent` once its first line is seen; `blockBlankIndent`: the widest blank line before.
  let inBlock = false;
  let blockParent = -1;
  let blockIndent = -1;
  let blockBlankIndent = 0;

  let kind: string | undefined;
  let apiVersion: string | undefined;
  let specFrame: Frame | undefined;

  const openFrame = (indent: number, isMap: boolean): Frame | undefined => {
    if (frames.length >= MAX_DEPTH) return undefined;
    const frame: Frame = { indent, isMap, keys: new Set() };
    if (pendingSpec && frames.length === 1 && isMap) specFrame = frame;
    frames.push(frame);
    return frame;
  };

  /** After a value: what the next lines may be. False when the value is outside the subset. */
  const afterValue = (value: Value, ownerIndent: number, fromKey: boolean): boolean => {
    if (value === Value.NotProven) return false;
    pending = value === Value.Nested;
    pendingIndent = ownerIndent;
    pendingFromKey = fromKey;
    continueAbove = value === Value.PlainContinues ? ownerIndent : -1;
    if (value === Value.OpenSingleQuoted || value === Value.OpenDoubleQuoted) {
      openQuote = value === Value.OpenSingleQuoted ? SINGLE_QUOTE : DOUBLE_QUOTE;
      quoteAbove = ownerIndent;
    } else if (value === Value.BlockScalar) {
      inBlock = true;
      blockParent = ownerIndent;
      // With an indentation indicator, the text is indented that much more than its parent.
      blockIndent = lastIndentIndicator === 0 ? -1 : ownerIndent + lastIndentIndicator;
      blockBlankIndent = 0;
    }
    return true;
  };

  /** A `key: value` at `at` in `frame`; false when it is not one or is outside the subset. */
  const keyValue = (frame: Frame, at: number, to: number): boolean => {
    const colon = keyColon(text, at, to);
    if (colon === -1) return false;
    const key = lastKey;
    if (frame.keys.has(key)) return false;
    frame.keys.add(key);
    const value = readValue(text, colon + 1, to);
    if (frame === frames[0]) {
      if (key === 'kind' || key === 'apiVersion') {
        // One word on the line: a kind that goes on to the next line is not one.
        const word = value === Value.Scalar || value === Value.PlainContinues ? wordAt(text, colon + 1, to) : undefined;
        if (word === undefined) return false;
        if (key === 'kind') kind = word;
        else apiVersion = word;
        return afterValue(Value.Scalar, frame.indent, true);
      }
      pendingSpec = key === 'spec' && value === Value.Nested;
    }
    return afterValue(value, frame.indent, true);
  };

  let pos = start;
  while (pos < end) {
    const lineStart = pos;
    const newline = text.indexOf('\n', pos);
    const lineEnd = newline === -1 || newline >= end ? end : newline;
    const to = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
    pos = lineEnd + 1;
    let at = lineStart;
    while (at < to && text.charCodeAt(at) === SPACE) at++;
    const indent = at - lineStart;

    if (openQuote !== -1) {
      if (at === to) continue;
      if (indent <= quoteAbove) return NOT_PROVEN;
      const close = scanQuoted(text, openQuote, at, to);
      if (close === OPEN) continue;
      if (close === -1 || !restIsBlank(text, close, to)) return NOT_PROVEN;
      openQuote = -1;
      continue;
    }

    if (inBlock) {
      if (at === to) {
        if (blockIndent === -1) blockBlankIndent = Math.max(blockBlankIndent, indent);
        continue;
      }
      if (blockIndent === -1 && indent > blockParent) {
        // Blank lines before the text may not be indented more than the text.
        if (blockBlankIndent > indent) return NOT_PROVEN;
        blockIndent = indent;
        continue;
      }
      if (blockIndent !== -1 && indent >= blockIndent) continue;
      // Less indented than the text yet inside its parent, or indented blank lines and no text.
      if (indent > blockParent || (blockIndent === -1 && blockBlankIndent > blockParent)) return NOT_PROVEN;
      inBlock = false;
    }

    if (at === to) continue;
    const first = text.charCodeAt(at);
    if (first === TAB) return NOT_PROVEN;
    if (first === HASH) {
      // A comment ends a plain scalar: a later, more indented line could not continue it.
      continueAbove = -1;
      continue;
    }
    if (!pending && continueAbove !== -1 && indent > continueAbove) {
      // More words of a multi-line plain scalar (any character may start them): nothing that reads
      // as a key, a comment or a tab.
      if (plainEnd(text, at, to) !== to) return NOT_PROVEN;
      continue;
    }
    continueAbove = -1;

    while (frames.length > 0 && (frames[frames.length - 1] as Frame).indent > indent) frames.pop();
    const isItem = first === DASH && (at + 1 === to || text.charCodeAt(at + 1) === SPACE);
    if (pending) {
      pending = false;
      const holder = frames[frames.length - 1];
      if (indent > pendingIndent) {
        if (holder !== undefined && holder.indent >= indent) return NOT_PROVEN;
        if (openFrame(indent, !isItem) === undefined) return NOT_PROVEN;
      } else if (pendingFromKey && isItem && indent === pendingIndent && holder?.isMap === true && holder.indent === indent) {
        // An indentless sequence: `key:` then `- item` at the key's own indentation.
        if (openFrame(indent, false) === undefined) return NOT_PROVEN;
      }
    }
    pendingSpec = false;
    let top = frames[frames.length - 1];
    if (top === undefined || top.indent !== indent) return NOT_PROVEN;
    if (isItem) {
      if (top.isMap) return NOT_PROVEN;
      let dash = at;
      let item = at + 1;
      while (item < to && text.charCodeAt(item) === SPACE) item++;
      // `- - item` (Argo Workflows' steps): a sequence in the item, its items at its first dash's column.
      while (item < to && text.charCodeAt(item) === DASH && (item + 1 === to || text.charCodeAt(item + 1) === SPACE)) {
        if (openFrame(item - lineStart, false) === undefined) return NOT_PROVEN;
        dash = item;
        item++;
        while (item < to && text.charCodeAt(item) === SPACE) item++;
      }
      if (item === to || keyColon(text, item, to) === -1) {
        if (!afterValue(readValue(text, dash + 1, to), dash - lineStart, false)) return NOT_PROVEN;
        continue;
      }
      // A compact mapping: `- key: value`, its keys aligned with the first.
      const map = openFrame(item - lineStart, true);
      if (map === undefined || !keyValue(map, item, to)) return NOT_PROVEN;
      continue;
    }
    if (!top.isMap) {
      // A key after an indentless sequence ends it and goes on with the mapping that holds it.
      const below = frames[frames.length - 2];
      if (below === undefined || !below.isMap || below.indent !== indent) return NOT_PROVEN;
      frames.pop();
      top = below;
    }
    if (!keyValue(top, at, to)) return NOT_PROVEN;
  }

  if (openQuote !== -1 || (inBlock && blockIndent === -1 && blockBlankIndent > blockParent)) return NOT_PROVEN;
  const root = frames[0];
  if (root !== undefined && !root.isMap) return NOT_PROVEN;
  return {
    hasContent: root !== undefined,
    ...(kind === undefined ? {} : { kind }),
    ...(apiVersion === undefined ? {} : { apiVersion }),
    ...(specFrame === undefined ? {} : { specKeys: specFrame.keys }),
  };
}
