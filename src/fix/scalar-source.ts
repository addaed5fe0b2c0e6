/**
 * Where a string scalar's value sits in the source text: for each UTF-16 unit of the value, the
 * offset of the source character it is a plain copy of, or -1 when the source writes it some other
 * way (an escape such as `\u00e9`, a doubled `''`, a folded line break, indentation). `edits.ts` uses
 * it to change only the characters a fix means, leaving every escape and line of the string as written.
 * In: the file's text and one parsed scalar; out: the value with its offsets, or undefined when the
 * scalar is written in a way this module does not follow (the caller refuses the fix then). Also the
 * edits a replacement makes to a value, cut down to the characters it changes.
 */
import type { Scalar } from 'yaml';

export interface ScalarSource {
  readonly value: string;
  /** Per UTF-16 unit of `value`: the source offset holding that very unit, or -1. */
  readonly offsets: readonly number[];
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

class Builder {
  readonly units: string[] = [];
  readonly offsets: number[] = [];
  copy(text: string, at: number): void {
    this.units.push(text[at] as string);
    this.offsets.push(at);
  }
  made(value: string): void {
    for (let i = 0; i < value.length; i++) {
      this.units.push(value[i] as string);
      this.offsets.push(-1);
    }
  }
  /** Drop copied spaces and tabs at the end (white space before a folded line break). */
  trimCopiedWhiteSpace(): void {
    while (this.offsets.length > 0 && this.offsets[this.offsets.length - 1] !== -1 && /[ \t]/.test(this.units[this.units.length - 1] ?? '')) {
      this.units.pop();
      this.offsets.pop();
    }
  }
  result(): ScalarSource {
    return { value: this.units.join(''), offsets: this.offsets };
  }
}

function breakLength(text: string, at: number): number {
  if (text[at] === '\n') return 1;
  if (text[at] === '\r' && text[at + 1] === '\n') return 2;
  return 0;
}

/** After a line break at `at`: skip the next lines' leading white space and count the empty lines. */
function skipFold(text: string, at: number, end: number): { next: number; emptyLines: number } {
  let next = at + breakLength(text, at);
  let emptyLines = 0;
  for (;;) {
    while (next < end && (text[next] === ' ' || text[next] === '\t')) next++;
    const length = next < end ? breakLength(text, next) : 0;
    if (length === 0) return { next, emptyLines };
    emptyLines++;
    next += length;
  }
}

/** Plain, single- and double-quoted scalars: escapes, `''` and folded line breaks. */
function flowScalar(text: string, start: number, end: number, style: 'plain' | 'single' | 'double'): ScalarSource | undefined {
  const out = new Builder();
  let at = start;
  if (style !== 'plain') {
    const quote = style === 'single' ? "'" : '"';
    if (text[start] !== quote || text[end - 1] !== quote || end - start < 2) return undefined;
    at = start + 1;
    end -= 1;
  }
  while (at < end) {
    const char = text[at] as string;
    if (breakLength(text, at) > 0) {
      out.trimCopiedWhiteSpace();
      const fold = skipFold(text, at, end);
      out.made(fold.emptyLines === 0 ? ' ' : '\n'.repeat(fold.emptyLines));
      at = fold.next;
    } else if (style === 'single' && char === "'") {
      if (text[at + 1] !== "'") return undefined;
      out.made("'");
      at += 2;
    } else if (style === 'double' && char === '\\') {
      const kind = text[at + 1] ?? '';
      if (breakLength(text, at + 1) > 0) {
        // An escaped line break: nothing, then one line break per empty line that follows.
        const fold = skipFold(text, at + 1, end);
        out.made('\n'.repeat(fold.emptyLines));
        at = fold.next;
      } else if (SIMPLE_ESCAPES[kind] !== undefined) {
        out.made(SIMPLE_ESCAPES[kind]);
        at += 2;
      } else if (HEX_ESCAPES[kind] !== undefined) {
        const digits = text.slice(at + 2, at + 2 + HEX_ESCAPES[kind]);
        if (!/^[0-9A-Fa-f]+$/.test(digits) || digits.length !== HEX_ESCAPES[kind]) return undefined;
        const code = Number.parseInt(digits, 16);
        if (kind === 'U' && code > 0x10ffff) return undefined;
        out.made(kind === 'U' ? String.fromCodePoint(code) : String.fromCharCode(code));
        at += 2 + digits.length;
      } else {
        return undefined;
      }
    } else {
      out.copy(text, at);
      at++;
    }
  }
  return out.result();
}

interface BlockLine {
  readonly start: number;
  readonly end: number;
}

/** Literal (`|`) and folded (`>`) block scalars with an indentation found from their first line. */
function blockScalar(text: string, start: number, end: number, folded: boolean, value: string): ScalarSource | undefined {
  let at = start + 1;
  while (at < end && /[+-]/.test(text[at] ?? '')) at++;
  // An explicit indentation indicator needs the parent's indentation: not followed here.
  if (/[0-9]/.test(text[at] ?? '')) return undefined;
  const headerBreak = text.indexOf('\n', at);
  const empty = /^\n*$/.test(value) ? { value, offsets: Array.from(value, () => -1) } : undefined;
  if (headerBreak === -1 || headerBreak >= end) return empty;
  const lines: BlockLine[] = [];
  for (let lineStart = headerBreak + 1; lineStart < end; ) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 || newline >= end ? end : newline;
    lines.push({ start: lineStart, end: text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd });
    lineStart = lineEnd + 1;
  }
  // A line of spaces only is empty; a tab is content.
  const onlySpaces = (line: BlockLine) => /^ *$/.test(text.slice(line.start, line.end));
  const firstContent = lines.find((line) => !onlySpaces(line));
  if (!firstContent) return empty;
  const indent = /^ */.exec(text.slice(firstContent.start, firstContent.end))?.[0].length ?? 0;
  const out = new Builder();
  let previous: 'none' | 'text' | 'more' = 'none';
  let emptyLines = 0;
  for (const line of lines) {
    const content = line.start + indent;
    if (onlySpaces(line) && line.end - line.start <= indent) {
      emptyLines++;
      continue;
    }
    if (!text.startsWith(' '.repeat(indent), line.start)) return undefined;
    const kind = text[content] === ' ' || text[content] === '\t' ? 'more' : 'text';
    if (previous !== 'none') {
      if (folded && previous === 'text' && kind === 'text') out.made(emptyLines === 0 ? ' ' : '\n'.repeat(emptyLines));
      else out.made('\n'.repeat(emptyLines + 1));
    } else {
      out.made('\n'.repeat(emptyLines));
    }
    for (let i = content; i < line.end; i++) out.copy(text, i);
    previous = kind;
    emptyLines = 0;
  }
  // Chomping decides how many line breaks end the value: take them from the parsed value.
  const body = out.result();
  const rest = value.slice(body.value.length);
  if (!value.startsWith(body.value) || !/^\n*$/.test(rest)) return undefined;
  out.made(rest);
  return out.result();
}

/** The value of a string scalar mapped to its source, checked against the value yaml parsed. */
export function scalarSource(text: string, node: Scalar): ScalarSource | undefined {
  if (typeof node.value !== 'string' || !node.range) return undefined;
  const [start, end] = node.range;
  let mapped: ScalarSource | undefined;
  switch (node.type) {
    case 'PLAIN':
      mapped = flowScalar(text, start, end, 'plain');
      break;
    case 'QUOTE_SINGLE':
      mapped = flowScalar(text, start, end, 'single');
      break;
    case 'QUOTE_DOUBLE':
      mapped = flowScalar(text, start, end, 'double');
      break;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      mapped = text[start] === '|' || text[start] === '>' ? blockScalar(text, start, end, node.type === 'BLOCK_FOLDED', node.value) : undefined;
      break;
    default:
      mapped = undefined;
  }
  return mapped?.value === node.value ? mapped : undefined;
}

/** The source range holding the value's units `[from, to)` as they are, or undefined. */
export function sourceRange(mapped: ScalarSource, from: number, to: number): [number, number] | undefined {
  const { offsets } = mapped;
  if (from === to) {
    const here = offsets[from];
    if (here !== undefined && here !== -1) return [here, here];
    const before = offsets[from - 1];
    if (from > 0 && before !== undefined && before !== -1) return [before + 1, before + 1];
    return undefined;
  }
  const first = offsets[from];
  if (first === undefined || first === -1) return undefined;
  for (let i = from; i < to; i++) if (offsets[i] !== first + (i - from)) return undefined;
  return [first, first + (to - from)];
}

// ---------------------------------------------------------------------------------------------
// Edits of a value, and new characters in a scalar's style

/** One replacement on a scalar's value: the value units `[start, end)` become `insert`. */
export interface ValueEdit {
  readonly start: number;
  readonly end: number;
  readonly insert: string;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * The replacements `value.replace(from, to)` makes, each cut down to the characters it changes
 * (`tail -f` → `tail -F` changes the `f`): a match's replacement is what `replace` writes for it
 * (`$1` and the like included), found by replacing at that match alone.
 */
export function valueEdits(value: string, from: string | RegExp, to: string): ValueEdit[] {
  const matches: { index: number; text: string; replacement: string }[] = [];
  const replaced = (index: number, length: number, out: string) => out.slice(index, out.length - (value.length - index - length));
  if (typeof from === 'string') {
    const index = value.indexOf(from);
    if (index >= 0) matches.push({ index, text: from, replacement: replaced(index, from.length, value.replace(from, to)) });
  } else {
    const one = new RegExp(from.source, `${from.flags.replace(/[gy]/g, '')}y`);
    const found = from.global ? [...value.matchAll(from)] : [new RegExp(from.source, from.flags).exec(value)].filter((match): match is RegExpExecArray => match !== null);
    for (const match of found) {
      const index = match.index ?? 0;
      one.lastIndex = index;
      matches.push({ index, text: match[0], replacement: replaced(index, match[0].length, value.replace(one, to)) });
    }
  }
  const edits: ValueEdit[] = [];
  for (const { index, text, replacement } of matches) {
    const prefix = commonPrefix(text, replacement);
    const restText = text.slice(prefix);
    const restReplacement = replacement.slice(prefix);
    let suffix = 0;
    while (suffix < restText.length && suffix < restReplacement.length && restText[restText.length - 1 - suffix] === restReplacement[restReplacement.length - 1 - suffix]) suffix++;
    if (prefix === text.length && prefix === replacement.length) continue;
    edits.push({ start: index + prefix, end: index + text.length - suffix, insert: restReplacement.slice(0, restReplacement.length - suffix) });
  }
  return edits;
}

/** New characters written in a scalar's own style, or undefined when that style cannot hold them in place. */
export function inStyle(type: Scalar['type'], insert: string): string | undefined {
  if (type === 'QUOTE_DOUBLE') return JSON.stringify(insert).slice(1, -1);
  if (/[\r\n]/.test(insert)) return undefined;
  return type === 'QUOTE_SINGLE' ? insert.replaceAll("'", "''") : insert;
}
