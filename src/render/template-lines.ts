/**
 * Where a field is written in a Helm template, found without guessing: the template's lines read
 * for their indentation structure only (`key:` and `- ` items; lines that are only `{{ … }}` and
 * comments skipped), and the finding's key path followed down it. A list item is the one whose
 * literal `name:` matches the rendered item's name, or the one item with a templated name, or,
 * in a list with no `{{ }}` line inside, the item at the same index. Anything else is no answer.
 */
import type { Path } from '../types.js';
import { isRecord } from '../load/values.js';

interface Entry {
  readonly kind: 'key' | 'item';
  readonly key?: string;
  /** The scalar written after `key:` on the same line (unquoted), if any. */
  readonly value?: string;
  readonly column: number;
  readonly line: number;
  /** Index of the source line where this entry's text ends. */
  readonly lineEnd: number;
  readonly children: Entry[];
  /** Last line of the entry's block (its last descendant). */
  lastLine: number;
}

const CONTROL = /^\s*\{\{.*\}\}\s*$/;
const KEY = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^\s:#{}'"[\],-][^:#]*?|-[^\s:#][^:#]*?)\s*:(?=\s|$)\s*(.*)$/;

function unquote(text: string): string {
  const trimmed = text.replace(/\s+#.*$/, '').trim();
  if (/^".*"$/.test(trimmed)) return trimmed.slice(1, -1);
  if (/^'.*'$/.test(trimmed)) return trimmed.slice(1, -1).replace(/''/g, "'");
  return trimmed;
}

export interface TemplateTree {
  readonly root: Entry;
  /** Lines (1-based) that are only a `{{ … }}` action. */
  readonly controlLines: readonly number[];
  /** Line and column of the document's first content line. */
  readonly first: { readonly line: number; readonly column: number };
}

/** The documents of a template (cut at `---` lines), each as a tree of its keys and items. */
export function templateTrees(text: string): TemplateTree[] {
  const lines = text.split(/\r?\n/);
  const trees: TemplateTree[] = [];
  let root: Entry | undefined;
  let stack: Entry[] = [];
  let controlLines: number[] = [];
  let first: { line: number; column: number } | undefined;
  const close = () => {
    if (root !== undefined && first !== undefined) trees.push({ root, controlLines, first });
    root = undefined;
  };
  const open = () => {
    root = { kind: 'key', column: -1, line: 0, lineEnd: 0, children: [], lastLine: 0 };
    stack = [root];
    controlLines = [];
    first = undefined;
  };
  open();
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (/^---(\s|$)/.test(raw)) {
      close();
      open();
      return;
    }
    if (CONTROL.test(raw)) {
      controlLines.push(line);
      return;
    }
    if (/^\s*(#.*)?$/.test(raw)) return;
    let column = raw.length - raw.trimStart().length;
    let rest = raw.slice(column);
    if (first === undefined) first = { line, column: column + 1 };
    const push = (entry: Entry) => {
      while (stack.length > 1) {
        const top = stack[stack.length - 1]!;
        const parentOfItem = top.kind === 'key' && entry.kind === 'item' && top.column === entry.column && top.value === undefined;
        if (top.column < entry.column || parentOfItem) break;
        stack.pop();
      }
      stack[stack.length - 1]!.children.push(entry);
      for (const open of stack) open.lastLine = line;
      stack.push(entry);
    };
    while (rest.startsWith('- ') || rest === '-') {
      push({ kind: 'item', column, line, lineEnd: line, children: [], lastLine: line });
      const after = rest.slice(1);
      const gap = after.length - after.trimStart().length;
      column += 1 + gap;
      rest = after.trimStart();
    }
    const match = KEY.exec(rest);
    if (match) {
      const value = match[2] === '' || match[2]?.startsWith('#') ? undefined : unquote(match[2] ?? '');
      push({ kind: 'key', key: unquote(match[1] ?? ''), ...(value !== undefined && value !== '|' && value !== '>' ? { value } : {}), column, line, lineEnd: line, children: [], lastLine: line });
    }
  });
  close();
  return trees;
}

export interface TemplateSpot {
  readonly line: number;
  readonly column: number;
}

function itemFor(list: Entry, index: number, rendered: unknown, tree: TemplateTree): Entry | undefined {
  const items = list.children.filter((child) => child.kind === 'item');
  const renderedItem = Array.isArray(rendered) ? rendered[index] : undefined;
  const name = isRecord(renderedItem) && typeof renderedItem.name === 'string' ? renderedItem.name : undefined;
  const nameOf = (item: Entry) => item.children.find((child) => child.key === 'name')?.value;
  if (name !== undefined) {
    const literal = items.filter((item) => nameOf(item) === name);
    if (literal.length === 1) return literal[0];
    if (literal.length > 1) return undefined;
    const templated = items.filter((item) => nameOf(item)?.includes('{{') === true);
    return templated.length === 1 ? templated[0] : undefined;
  }
  const flowControl = tree.controlLines.some((line) => line > list.line && line <= list.lastLine);
  const count = Array.isArray(rendered) ? rendered.length : -1;
  return !flowControl && items.length === count ? items[index] : undefined;
}

/** The key of `path` in a template document, or undefined when it is not written there as such. */
export function findInTemplate(tree: TemplateTree, path: Path, renderedRoot: unknown): TemplateSpot | undefined {
  let at: Entry = tree.root;
  let value: unknown = renderedRoot;
  for (const segment of path) {
    // A value written on the key's own line (`command: ["sh", "-c", "…"]`) holds all below it.
    if (at.value !== undefined && !at.value.includes('{{')) break;
    let next: Entry | undefined;
    if (typeof segment === 'number') {
      next = itemFor(at, segment, value, tree);
      value = Array.isArray(value) ? value[segment] : undefined;
    } else {
      const keys = at.children.filter((child) => child.kind === 'key' && child.key === segment);
      next = keys.length === 1 ? keys[0] : undefined;
      value = isRecord(value) ? value[segment] : undefined;
    }
    if (next === undefined) return undefined;
    at = next;
  }
  if (at === tree.root) return tree.first;
  // An item is shown at its first key (`- name: x` → the `name`), as the loader shows a mapping.
  const shown = at.kind === 'item' ? (at.children[0] ?? at) : at;
  return { line: shown.line, column: shown.column + 1 };
}
