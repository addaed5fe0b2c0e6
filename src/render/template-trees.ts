/**
 * A Helm template read as the tree of keys and list items it writes literally, each with the file,
 * line and column where it is written. Only the indentation structure of the lines is read (`key:`
 * and `- `); actions (`template-actions.ts`) are no content, however many lines they span (a
 * licence comment is no line of the object), and the blocks they open are kept on each entry
 * (`template-blocks.ts`: which `if` branch or `range` it is written in). An action that writes
 * output is an `emit` entry where it stands, and an `include` (or `template`) of a named template
 * the chart defines is followed into its file (`named-templates.ts`): the define's lines stand at
 * the include, moved right by its `indent`/`nindent`, so a pod spec built in `_pod.tpl` has its own
 * lines. The body of a `define` is not part of the file it is written in.
 */
import { BlockCursor } from './template-blocks.js';
import type { Context } from './template-blocks.js';
import type { Action } from './template-actions.js';
import type { NamedTemplates, ReadTemplate } from './named-templates.js';

/** The inclusion an entry was written under: the define, its file, and the action that included it. */
export interface Via {
  readonly name: string;
  /** The define's file, relative to the chart: `templates/_pod.tpl`. */
  readonly shown: string;
  /** The including action as written: `{{ include "web.pod" . | nindent 6 }}`. */
  readonly include: string;
  readonly parent?: Via;
}

export interface Entry {
  readonly kind: 'key' | 'item' | 'emit';
  readonly key?: string;
  /** The scalar written after `key:` on the same line (unquoted, an alias resolved), if any. */
  readonly value?: string;
  /** That scalar as written, when it has no `{{ }}`: what it parses to is what was rendered. */
  readonly literal?: string;
  /** The column the rendered line has (the file's column moved by the inclusions' indents). */
  readonly column: number;
  /** Where it is written. */
  readonly file: string;
  readonly line: number;
  readonly fileColumn: number;
  /** The blocks it is written in. */
  readonly context: Context;
  readonly via?: Via;
  /** For an `emit`: the action. */
  readonly action?: Action;
  readonly children: Entry[];
}

export interface TemplateSpot {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One document of a template (cut at `---` lines): its tree, and its first content line if it has one. */
export interface TemplateTree {
  readonly root: Entry;
  readonly first?: TemplateSpot;
  /** The blocks the document's first line is written in (an `if` around a whole document). */
  readonly context: Context;
}

/** How far inclusions are followed: includes in includes, inclusions and lines in all (beyond, an include is an action that writes output). */
const MAX_DEPTH = 16;
const MAX_FOLLOWED = 20_000;
const MAX_LINES = 200_000;

/** The index of the last element of sorted `values` at most `value` (0 when none is). */
function lastAtMost(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (values[middle]! <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The index of the first action that ends after `offset`. */
function firstEndingAfter(actions: readonly Action[], offset: number): number {
  let low = 0;
  let high = actions.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (actions[middle]!.end <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^\s:#{}'"[\],-][^:#]*?|-[^\s:#][^:#]*?)\s*:(?=\s|$)\s*(.*)$/;
/** What may stand before an include whose lines follow it: list dashes, or a key. */
const BEFORE_INCLUSION = /^(?:-[ \t]+)+$|^(?:-[ \t]+)*[^\s{#'"[\]-][^{#:]*:[ \t]+$/;

function unquote(text: string): string {
  const trimmed = text.replace(/\s+#.*$/, '').trim();
  if (/^".*"$/.test(trimmed)) return trimmed.slice(1, -1);
  if (/^'.*'$/.test(trimmed)) return trimmed.slice(1, -1).replace(/''/g, "'");
  return trimmed;
}

interface ContentLine {
  readonly kind: 'content';
  readonly text: string;
  readonly file: string;
  readonly line: number;
  readonly shift: number;
  readonly context: Context;
  readonly via: Via | undefined;
}
interface EmitLine {
  readonly kind: 'emit';
  readonly action: Action;
  /** The column its output starts at. */
  readonly column: number;
  readonly file: string;
  readonly line: number;
  readonly fileColumn: number;
  readonly context: Context;
  readonly via: Via | undefined;
}
type StreamLine = ContentLine | EmitLine;

/** The `indent N`/`nindent N` that ends an action's pipeline, if any. */
function indentOf(action: Action): number | undefined {
  const match = /\|\s*n?indent\s+(\d+)\s*-?\}\}$/.exec(action.text);
  return match ? Number(match[1]) : undefined;
}

class Reader {
  readonly lines: StreamLine[] = [];
  private readings = 0;
  private followed = 0;

  constructor(private readonly named: NamedTemplates | undefined) {}

  /** The lines of `template` between `from` and `to`, the blocks open at `from` left out and `site` put first. */
  read(template: ReadTemplate, from: number, to: number, shift: number, site: Context, via: Via | undefined, depth: number, firstColumn?: number, opener?: Action): void {
    const { text, actions, lineStarts: starts } = template;
    // The column the output's first line starts at, when it is not one of its own (see `follow`); taken by the first content line only.
    let joined = firstColumn;
    // A define's body is read from its own action on: what comes before it in the file is not read again.
    let next = firstEndingAfter(actions, from);
    const cursor = new BlockCursor(actions, `${this.readings++}:`, opener !== undefined ? Math.max(0, actions.indexOf(opener, Math.max(0, next - 1))) : 0);
    const dropped = cursor.at(from).length;
    const contextAt = (offset: number): Context => {
      const own = cursor.at(offset);
      return [...site, ...own.slice(dropped)];
    };
    for (let index = lastAtMost(starts, from); index < starts.length; index += 1) {
      const lineStart = starts[index]!;
      if (lineStart >= to) break;
      const lineEnd = Math.min(to, (starts[index + 1] ?? text.length + 1) - 1);
      const begin = Math.max(from, lineStart);
      while (next < actions.length && actions[next]!.end <= begin) next += 1;
      // The actions that touch this line, and the line with everything but its content blanked.
      const touching: Action[] = [];
      for (let at = next; at < actions.length && actions[at]!.start < lineEnd; at += 1) touching.push(actions[at]!);
      const chars = text.slice(lineStart, lineEnd).replace(/\r$/, '').split('');
      for (let column = 0; column < begin - lineStart; column += 1) chars[column] = ' ';
      const contentOnly = [...chars];
      for (const action of touching) {
        for (let at = Math.max(action.start, lineStart); at < Math.min(action.end, lineEnd); at += 1) {
          contentOnly[at - lineStart] = ' ';
          // An action that began on an earlier line is no part of this one.
          if (action.start < lineStart) chars[at - lineStart] = ' ';
        }
      }
      const line = index + 1;
      const content = contentOnly.join('');
      if (content.trim() === '') {
        if (touching.some((action) => action.end > begin && action.kind !== 'comment')) joined = undefined;
        for (const action of touching) {
          if (action.start < begin || action.kind !== 'output') continue;
          const context = contextAt(action.start);
          if (via === undefined && context.some((frame) => frame.kind === 'define')) continue;
          const fileColumn = action.start - lineStart;
          if (!this.follow(action, shift, shift + fileColumn, context, via, depth)) {
            this.lines.push({ kind: 'emit', action, column: shift + (indentOf(action) ?? fileColumn), file: template.file, line, fileColumn, context, via });
          }
        }
        continue;
      }
      const contentStart = lineStart + content.length - content.trimStart().length;
      const context = contextAt(contentStart);
      if (via === undefined && context.some((frame) => frame.kind === 'define')) continue;
      const own = content.length - content.trimStart().length;
      this.lines.push({ kind: 'content', text: chars.join(''), file: template.file, line, shift: joined !== undefined ? joined - own : shift, context, via });
      joined = undefined;
      // `- {{ include "x.container" . | indent 8 | trimPrefix … }}`, `template: {{ include "x.pod" . | nindent 4 }}`.
      const after = touching.filter((action) => action.start >= contentStart);
      const last = after[after.length - 1];
      if (after.length === 1 && last?.inclusion !== undefined && text.slice(last.end, lineEnd).trim() === '' && BEFORE_INCLUSION.test(text.slice(contentStart, last.start))) {
        // After `- ` the output's first line is the item's first key; after `key: ` only `nindent` makes sense.
        const isItem = /^(?:-[ \t]+)+$/.test(text.slice(contentStart, last.start));
        if (isItem || last.inclusion.newline) this.follow(last, shift, isItem ? shift + (last.start - lineStart) : undefined, contextAt(last.start), via, depth, isItem);
      }
    }
  }

  /**
   * Reads the named template an action includes in its place, its lines moved right by the
   * action's indent; false when it is not one to follow. The output's first line, when the define
   * does not start with a line break of its own (`{{ define "x" -}}` trims it), is not at its own
   * column: `nindent N` puts it at N, else it continues where the action stands (`at`, plus
   * `indent N`), and after `- ` (`joinsItem`) it is the item's first key.
   */
  private follow(action: Action, shift: number, at: number | undefined, context: Context, via: Via | undefined, depth: number, joinsItem = false): boolean {
    const inclusion = action.inclusion;
    if (inclusion === undefined || this.named === undefined || depth >= MAX_DEPTH || this.followed >= MAX_FOLLOWED || this.lines.length > MAX_LINES) return false;
    const { name } = inclusion;
    for (let outer = via; outer !== undefined; outer = outer.parent) if (outer.name === name) return false;
    const found = this.named.find(name);
    if (found === undefined) return false;
    const inner: Via = { name, shown: found.shown, include: action.text, ...(via !== undefined ? { parent: via } : {}) };
    const { bodyStart, bodyEnd, action: define } = found.definition;
    const text = found.template.text;
    const lineBreak = text.indexOf('\n', bodyStart);
    const startsOnItsLine = !define.trimRight && /^[ \t]*\r?$/.test(text.slice(bodyStart, lineBreak < 0 ? bodyEnd : Math.min(lineBreak, bodyEnd)));
    const moved = shift + inclusion.indent;
    const first = startsOnItsLine ? undefined : inclusion.newline ? moved : at !== undefined && (joinsItem || !action.trimLeft) ? at + (joinsItem ? 0 : inclusion.indent) : undefined;
    this.followed += 1;
    this.read(found.template, bodyStart, bodyEnd, moved, context, inner, depth + 1, first, define);
    return true;
  }
}

/** The documents of a template (cut at `---` lines), each as a tree of its keys and items. */
export function templateTrees(template: ReadTemplate, named?: NamedTemplates): TemplateTree[] {
  const reader = new Reader(named);
  reader.read(template, 0, template.text.length, 0, [], undefined, 0);
  const trees: TemplateTree[] = [];
  const emptyRoot = (): Entry => ({ kind: 'key', column: -1, file: template.file, line: 0, fileColumn: 0, context: [], children: [] });
  let root = emptyRoot();
  let stack: Entry[] = [root];
  let first: TemplateSpot | undefined;
  let context: Context = [];
  let anchors = new Map<string, string>();
  const open = () => {
    root = emptyRoot();
    stack = [root];
    first = undefined;
    context = [];
    anchors = new Map();
  };
  const close = () => {
    if (first !== undefined || root.children.length > 0) trees.push({ root, ...(first !== undefined ? { first } : {}), context });
  };
  for (const line of reader.lines) {
    if (line.kind === 'emit') {
      // Under the deepest open entry left of where its output starts (a list written at its key's column: that key).
      let parent = 0;
      while (parent + 1 < stack.length && stack[parent + 1]!.column < line.column) parent += 1;
      const below = stack[parent + 1];
      const listAt = below?.kind === 'key' && below.value === undefined && below.column === line.column && below.children.some((child) => child.kind === 'item' && child.column === line.column);
      (listAt ? below : stack[parent]!).children.push({ kind: 'emit', column: line.column, file: line.file, line: line.line, fileColumn: line.fileColumn, context: line.context, ...(line.via ? { via: line.via } : {}), action: line.action, children: [] });
      continue;
    }
    const raw = line.text;
    let fileColumn = raw.length - raw.trimStart().length;
    let rest = raw.slice(fileColumn).replace(/\s+$/, '');
    if (fileColumn + line.shift === 0 && /^---(\s|$)/.test(rest)) {
      close();
      open();
      continue;
    }
    if (rest.startsWith('#')) continue;
    const at = (column: number) => ({ column: column + line.shift, file: line.file, line: line.line, fileColumn: column, context: line.context, ...(line.via ? { via: line.via } : {}) });
    if (first === undefined) {
      first = { file: line.file, line: line.line, column: fileColumn + 1 };
      context = line.context;
    }
    const push = (entry: Entry) => {
      while (stack.length > 1) {
        const top = stack[stack.length - 1]!;
        const parentOfItem = top.kind === 'key' && entry.kind === 'item' && top.column === entry.column && top.value === undefined;
        if (top.column < entry.column || parentOfItem) break;
        stack.pop();
      }
      stack[stack.length - 1]!.children.push(entry);
      stack.push(entry);
    };
    let item: { -readonly [K in keyof Entry]: Entry[K] } | undefined;
    while (rest.startsWith('- ') || rest === '-') {
      item = { kind: 'item', ...at(fileColumn), children: [] };
      push(item);
      const after = rest.slice(1);
      const gap = after.length - after.trimStart().length;
      fileColumn += 1 + gap;
      rest = after.trimStart();
    }
    const match = KEY.exec(rest);
    if (!match) {
      // `- sh`, `- "{{ .Values.flag }}"`: an item that is a scalar.
      if (item !== undefined && rest !== '' && !rest.startsWith('#') && !rest.startsWith('{{') && !/^[[{|>&*!]/.test(rest)) {
        item.value = unquote(rest);
        if (!rest.includes('{{') && !rest.includes('#')) item.literal = rest;
      }
      continue;
    }
    let written = (match[2] ?? '').trim();
    let value: string | undefined = written === '' || written.startsWith('#') ? undefined : unquote(written);
    const anchor = value !== undefined ? /^&([^\s{}[\],]+)(?:\s+(.*))?$/.exec(value) : null;
    if (anchor) {
      written = (anchor[2] ?? '').trim();
      value = written === '' ? undefined : unquote(written);
      if (value !== undefined) anchors.set(anchor[1] ?? '', written);
    }
    const alias = value !== undefined ? /^\*([^\s{}[\],]+)$/.exec(value) : null;
    if (alias) {
      written = anchors.get(alias[1] ?? '') ?? written;
      value = unquote(written);
    }
    // `key: |`, `key: |-{{ .Values.pem | nindent 4 }}`: a block scalar, its text on the lines below.
    const scalar = value !== undefined && !/^[|>]/.test(written);
    const literal = scalar && !written.includes('{{') && !written.includes('#') && !/^[*&!]/.test(written) ? { literal: written } : {};
    push({ kind: 'key', key: unquote(match[1] ?? ''), ...(scalar ? { value } : {}), ...literal, ...at(fileColumn), children: [] });
  }
  close();
  return trees;
}
