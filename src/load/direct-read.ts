/**
 * Reading without the YAML parser: the plainest block YAML, the way most workload manifests are
 * written, straight into the values `yaml` would give (`doc.toJS()`), at a fraction of the cost of
 * lexing, parsing and composing. Only documents the pre-scan has proven well-formed come here, and
 * anything beyond this subset gives undefined, so that the caller parses the document as usual:
 * - block mappings and sequences, compact `- key: value` items, indentless sequences under a key;
 * - keys: plain words (`app.kubernetes.io/name`) and quoted strings without escapes, each a string;
 * - values: plain one-line scalars, typed by yaml's own YAML 1.1 tags (`0644`, `yes`, `~`), quoted
 *   one-line strings without escapes, one-line flow sequences and mappings of such scalars, and
 *   literal block scalars (`|`, `|-`);
 * - comments and blank lines. Tabs, anchors, tags, multi-line plain or quoted scalars, folded block
 *   scalars and the rest are left to the parser.
 * Positions are not kept: the loader parses a document read this way only if a finding needs one.
 *
 * Over 300 lines on purpose: one scanner whose states share a single loop over the lines; split, its
 * invariants would be spread over modules. It is part of the hand-written fast path that the one
 * reader of record (values from a maintained YAML library) is to replace.
 */
import { Document, isScalar } from 'yaml';
import type { ScalarTag } from 'yaml';
import { PARSE_OPTIONS } from './parse-documents.js';

/** A line of the document: where it starts, where its content starts, where it ends (before the line break). */
interface Line {
  readonly start: number;
  readonly indent: number;
  readonly end: number;
}

/** Thrown when the document leaves the subset; caught by {@link readDirectly}. */
const OUTSIDE = new Error('outside the direct-read subset');

let plainTags: ScalarTag[] | undefined;

/** yaml's tags for plain scalars, in the order it tries them, with the loader's options. */
function tagsForPlainScalars(): ScalarTag[] {
  plainTags ??= new Document(undefined, PARSE_OPTIONS).schema.tags.filter(
    (tag): tag is ScalarTag => tag.default === true && 'test' in tag && tag.test instanceof RegExp,
  );
  return plainTags;
}

/** The value of `text[start, end)`, a document proven well-formed; undefined outside the subset. */
export function readDirectly(text: string, start: number, end: number): unknown {
  try {
    return new Reader(text, start, end).document();
  } catch (thrown) {
    if (thrown === OUTSIDE) return undefined;
    throw thrown;
  }
}

function outside(): never {
  throw OUTSIDE;
}

class Reader {
  private readonly lines: Line[] = [];
  /** Index in `lines` of the next line to read. */
  private next = 0;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    // Tabs and carriage returns have rules of their own: leave them to the parser.
    const tab = text.indexOf('\t', start);
    const cr = text.indexOf('\r', start);
    if ((tab !== -1 && tab < end) || (cr !== -1 && cr < end)) outside();
    // The `---` line (nothing else on it, as the pre-scan checked) is no content.
    let at = text.startsWith('---', start) ? text.indexOf('\n', start) + 1 || end : start;
    while (at < end) {
      const newline = text.indexOf('\n', at);
      const lineEnd = newline === -1 || newline >= end ? end : newline;
      let indent = 0;
      while (text.charCodeAt(at + indent) === 0x20) indent++;
      this.lines.push({ start: at, indent, end: lineEnd });
      at = lineEnd + 1;
    }
  }

  document(): unknown {
    const first = this.peek();
    if (first === undefined || first.indent !== 0) outside();
    const value = this.collection(first);
    if (this.peek() !== undefined) outside();
    return value;
  }

  /** The next line with content, skipped blank and comment lines; undefined at the end. */
  private peek(): Line | undefined {
    while (this.next < this.lines.length) {
      const line = this.lines[this.next] as Line;
      const at = line.start + line.indent;
      if (at >= line.end || this.text[at] === '#') this.next++;
      else return line;
    }
    return undefined;
  }

  private isItem(line: Line): boolean {
    const at = line.start + line.indent;
    return this.text[at] === '-' && (at + 1 === line.end || this.text[at + 1] === ' ');
  }

  /** A mapping or sequence whose first line is `line`. */
  private collection(line: Line): unknown {
    return this.isItem(line) ? this.sequence(line.indent) : this.mapping(line);
  }

  /** A block mapping from `first`, which may be the rest of a `- ` line (compact). */
  private mapping(first: Line): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    const indent = first.indent;
    let line: Line | undefined = first;
    while (line !== undefined && line.indent === indent && !this.isItem(line)) {
      const at = line.start + line.indent;
      const colon = this.text.indexOf(':', at);
      if (colon === -1 || colon >= line.end) outside();
      const key = this.key(at, colon);
      if (Object.prototype.hasOwnProperty.call(map, key)) outside();
      this.next++;
      map[key] = this.valueAfter(colon + 1, line, true);
      line = this.peek();
    }
    if (line !== undefined && line.indent > indent) outside();
    return map;
  }

  /** A block sequence of `- ` lines at `indent`. */
  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    let line = this.peek();
    while (line !== undefined && line.indent === indent && this.isItem(line)) {
      const at = line.start + line.indent + 1;
      let content = at;
      while (this.text[content] === ' ') content++;
      if (content < line.end && this.isKeyLine(content, line.end)) {
        // `- key: value`: a mapping that starts on this line, at the column of its key.
        this.lines[this.next] = { start: line.start, indent: content - line.start, end: line.end };
        items.push(this.mapping(this.lines[this.next] as Line));
      } else {
        this.next++;
        items.push(this.valueAfter(at, line, false));
      }
      line = this.peek();
    }
    if (line !== undefined && line.indent > indent) outside();
    return items;
  }

  /** Whether `text[from, to)` starts with a key and its `:` (then a space or the end of the line). */
  private isKeyLine(from: number, to: number): boolean {
    const char = this.text[from];
    if (char === '"' || char === "'") {
      const close = this.text.indexOf(char, from + 1);
      return close !== -1 && close < to && this.text[close + 1] === ':';
    }
    const colon = this.text.indexOf(':', from);
    return colon !== -1 && colon < to && (colon + 1 === to || this.text[colon + 1] === ' ') && PLAIN_KEY.test(this.text.slice(from, colon));
  }

  private key(from: number, colon: number): string {
    const after = this.text[colon + 1];
    if (colon + 1 < this.end && after !== ' ' && after !== '\n') outside();
    const raw = this.text.slice(from, colon);
    const quote = raw[0];
    if (quote === '"' || quote === "'") {
      if (raw.length < 2 || raw[raw.length - 1] !== quote || raw.slice(1, -1).includes(quote) || raw.includes('\\')) outside();
      return raw.slice(1, -1);
    }
    if (!PLAIN_KEY.test(raw) || raw === '__proto__' || tagsForPlainScalars().some((tag) => tag.test?.test(raw))) outside();
    return raw;
  }

  /**
   * The value after a key's `:` or an item's `-`, at `from` on `line`: a scalar on the line, or
   * the block below (for a key, also a sequence at the key's own indentation).
   */
  private valueAfter(from: number, line: Line, afterKey: boolean): unknown {
    let at = from;
    while (this.text[at] === ' ') at++;
    const lineEnd = line.end;
    if (at >= lineEnd || this.text[at] === '#') {
      if (at < lineEnd && at === from) outside();
      const below = this.peek();
      if (below !== undefined && (below.indent > line.indent || (afterKey && below.indent === line.indent && this.isItem(below)))) return this.collection(below);
      return null;
    }
    if (at === from) outside();
    const char = this.text[at] as string;
    if (char === '"' || char === "'") return this.quoted(at, lineEnd);
    if (char === '[' || char === '{') return this.flow(at, lineEnd);
    if (char === '|') return this.literal(at, lineEnd, line.indent);
    return this.plain(at, lineEnd);
  }

  /** A plain one-line scalar at `from`, up to a comment or the end of the line. */
  private plain(from: number, to: number): unknown {
    const char = this.text[from] as string;
    if (INDICATORS.includes(char) || ((char === '-' || char === '?' || char === ':') && (from + 1 >= to || this.text[from + 1] === ' '))) outside();
    let stop = from;
    while (stop < to) {
      const c = this.text[stop];
      // `: ` inside would make a mapping of it; the proof has ruled that out, but stay safe.
      if (c === ':' && (stop + 1 === to || this.text[stop + 1] === ' ')) outside();
      if (c === '#' && this.text[stop - 1] === ' ') break;
      stop++;
    }
    return resolvePlain(this.text.slice(from, stop).trimEnd());
  }

  /** A quoted one-line scalar without escapes (a single-quoted one may double its quote). */
  private quoted(from: number, to: number): string {
    const quote = this.text[from];
    let value = '';
    let at = from + 1;
    for (;;) {
      const close = this.text.indexOf(quote as string, at);
      if (close === -1 || close >= to) outside();
      value += this.text.slice(at, close);
      if (quote === "'" && this.text[close + 1] === "'") {
        value += "'";
        at = close + 2;
        continue;
      }
      at = close + 1;
      break;
    }
    if (quote === '"' && value.includes('\\')) outside();
    this.endOfValue(at, to);
    return value;
  }

  /** After a scalar or flow collection: only spaces, then a comment or the end of the line. */
  private endOfValue(from: number, to: number): void {
    let at = from;
    while (this.text[at] === ' ') at++;
    if (at < to && !(this.text[at] === '#' && at > from)) outside();
  }

  /** A one-line flow sequence or mapping of plain or quoted scalars (`[a, "b"]`, `{ cpu: 100m }`), or an empty one. */
  private flow(from: number, to: number): unknown {
    const isMap = this.text[from] === '{';
    const close = isMap ? '}' : ']';
    const items: unknown[] = [];
    const map: Record<string, unknown> = {};
    let at = this.skipSpaces(from + 1);
    if (this.text[at] !== close) {
      for (;;) {
        if (isMap) {
          const colon = this.text.indexOf(':', at);
          if (colon === -1 || colon >= to || this.text[colon + 1] !== ' ') outside();
          const key = this.key(at, colon);
          if (Object.prototype.hasOwnProperty.call(map, key)) outside();
          at = this.skipSpaces(colon + 1);
          const [value, next] = this.flowScalar(at, to, close);
          map[key] = value;
          at = next;
        } else {
          const [value, next] = this.flowScalar(at, to, close);
          items.push(value);
          at = next;
        }
        at = this.skipSpaces(at);
        if (this.text[at] === close) break;
        if (this.text[at] !== ',' || at >= to) outside();
        at = this.skipSpaces(at + 1);
        if (this.text[at] === close || this.text[at] === ',') outside();
      }
    }
    this.endOfValue(at + 1, to);
    return isMap ? map : items;
  }

  private skipSpaces(from: number): number {
    let at = from;
    while (this.text[at] === ' ') at++;
    return at;
  }

  /** A scalar in a flow collection at `from`, and where it ends: quoted without escapes, or plain up to `,` or the closing bracket. */
  private flowScalar(from: number, to: number, close: string): [unknown, number] {
    const quote = this.text[from];
    if (quote === '"' || quote === "'") {
      const end = this.text.indexOf(quote, from + 1);
      if (end === -1 || end >= to) outside();
      const value = this.text.slice(from + 1, end);
      if (value.includes('\\') || (quote === "'" && this.text[end + 1] === "'")) outside();
      return [value, end + 1];
    }
    let end = from;
    while (end < to && this.text[end] !== ',' && this.text[end] !== close) end++;
    if (end >= to) outside();
    const source = this.text.slice(from, end).trimEnd();
    if (source === '' || /[:#{}[\]"'&*!|>%@`?]/.test(source) || source === '-' || source.startsWith('- ')) outside();
    return [resolvePlain(source), end];
  }

  /**
   * A literal block scalar (`|`, `|-`): the lines below indented more than the parent's
   * `parentIndent`, at the indentation of the first of them, each with its line break; `|` keeps
   * one final break, `|-` none.
   */
  private literal(from: number, to: number, parentIndent: number): string {
    let at = from + 1;
    const strip = this.text[at] === '-';
    if (strip) at++;
    this.endOfValue(at, to);
    const body: string[] = [];
    let indent = -1;
    let index = this.next;
    for (; index < this.lines.length; index++) {
      const line = this.lines[index] as Line;
      const lineEnd = line.end;
      if (line.start + line.indent >= lineEnd) {
        // A blank line: part of the text; one with more spaces than the text's indentation keeps
        // some, and one before the first text line may not: leave both to the parser.
        if (lineEnd - line.start > Math.max(indent, parentIndent + 1)) outside();
        body.push('');
        continue;
      }
      if (indent === -1) {
        if (line.indent <= parentIndent) break;
        indent = line.indent;
      }
      if (line.indent < indent) {
        if (line.indent > parentIndent) outside();
        break;
      }
      body.push(this.text.slice(line.start + indent, lineEnd));
    }
    // The block ends at the segment's end without a line break after it: leave it to the parser.
    if (index === this.lines.length && this.text[this.end - 1] !== '\n') outside();
    if (indent === -1) outside();
    this.next = index;
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    const text = body.join('\n');
    return strip ? text : `${text}\n`;
  }
}

/** Characters a plain scalar may not start with (YAML indicators). */
const INDICATORS = ['[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`'];

/** A plain key: a word of letters, digits and `_ $ / . -`, not starting with a digit, `.` or `-`. */
const PLAIN_KEY = /^[A-Za-z_$/][\w$/.-]*$/;

/** A plain scalar as yaml types it: the first YAML 1.1 tag whose pattern matches, else a string. */
function resolvePlain(source: string): unknown {
  for (const tag of tagsForPlainScalars()) {
    if (!tag.test?.test(source)) continue;
    let failed = false;
    const resolved = tag.resolve(source, () => (failed = true), PARSE_OPTIONS);
    // Floats come as Scalar nodes (to keep their digits); toJS gives their value.
    const value: unknown = isScalar(resolved) ? resolved.value : resolved;
    if (failed || (typeof value === 'object' && value !== null) || typeof value === 'bigint') outside();
    return value;
  }
  return source;
}
