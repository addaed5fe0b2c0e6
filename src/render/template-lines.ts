/**
 * Where a field is written in a Helm template, found without guessing: the finding's key path
 * followed down the template's tree (`template-trees.ts`). A key written once is the key; written
 * more than once (under both branches of an `if … else`), the one that can have written the
 * rendered value (a literal that parses to another value, or a key below it that is not rendered,
 * rules one out). A list item is the one whose literal `name:` matches the rendered item's name,
 * else the one place that fits when the rendered items are laid over the written ones in order
 * (`sequence-match.ts`: an item in an `if` may be missing, one in a `range` repeated, an action
 * that writes output may have written any). A document is picked among a template's documents the
 * same way. Anything else is no answer, and says where the search stopped.
 */
import type { Path } from '../types.js';
import { readDocument } from '../load/read-document.js';
import { isRecord } from '../load/values.js';
import { framesBeyond } from './template-blocks.js';
import { placesOfEach } from './sequence-match.js';
import type { Place } from './sequence-match.js';
import type { Entry, TemplateSpot, TemplateTree } from './template-trees.js';

/** Where the search stopped: the deepest entry reached, whose rendered content the template does not write as such. */
export interface TemplateMiss {
  readonly miss: Entry;
  /** The keys it could not tell apart (one name written under two branches of an `if`), when that is why. */
  readonly candidates?: readonly Entry[];
}

/** Frames that make an entry conditional below another: an `if`, `with` or `range` between them. */
function conditional(entry: Entry, below: Entry): boolean {
  return framesBeyond(entry.context, below.context).some((frame) => frame.kind === 'if' || frame.kind === 'with' || frame.kind === 'range');
}

function repeated(entry: Entry, below: Entry): boolean {
  return framesBeyond(entry.context, below.context).some((frame) => frame.kind === 'range');
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => equal(item, b[index]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && equal(a[key], b[key]));
  }
  return false;
}

/**
 * Whether a value with `{{ }}` in it can have rendered as `text`: the text around the actions as
 * written, in order, anything for each action. Matched part by part (the leftmost place of each is
 * as good as any), so time grows with the text, however many actions there are.
 */
function fits(value: string, text: string): boolean {
  const parts = value.split(/\{\{[^]*?\}\}/);
  const head = parts[0] ?? '';
  const tail = parts[parts.length - 1] ?? '';
  if (parts.length === 1) return text === head;
  if (!text.startsWith(head) || !text.endsWith(tail) || head.length + tail.length > text.length) return false;
  let at = head.length;
  const end = text.length - tail.length;
  for (const part of parts.slice(1, -1)) {
    const found = text.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

const MAX_CHECK_DEPTH = 4;

/**
 * False only when `entry` cannot have written `value`: its literal scalar parses to something
 * else, its text around `{{ }}` is not in the rendered string, or a key it writes unconditionally
 * is not rendered (or not as that key can write it).
 */
function couldWrite(entry: Entry, value: unknown, depth = 0): boolean {
  if (entry.literal !== undefined) {
    const read = readDocument(entry.literal, 0);
    return !('value' in read) || equal(read.value, value);
  }
  if (entry.value !== undefined) return typeof value !== 'string' || fits(entry.value, value);
  if (depth >= MAX_CHECK_DEPTH) return true;
  // A key whose name is an expression (`proxy-{{ .kind }}:`) is no name to look for.
  const keys = entry.children.filter((child) => child.kind === 'key' && !child.key?.includes('{{') && !conditional(child, entry));
  if (keys.length === 0) return true;
  if (!isRecord(value)) return false;
  return keys.every((child) => Object.hasOwn(value, child.key ?? '') && couldWrite(child, value[child.key ?? ''], depth + 1));
}

/**
 * True when `entry` writes `value` entirely as literal text: every scalar written as the rendered
 * one, every rendered key and item by a key or item of its own, no action that writes output.
 */
function explains(entry: Entry, value: unknown, depth = 0): boolean {
  if (entry.literal !== undefined) return couldWrite(entry, value);
  if (entry.value !== undefined || depth >= MAX_CHECK_DEPTH * 2 || entry.children.some((child) => child.kind === 'emit')) return false;
  if (Array.isArray(value)) {
    const items = entry.children.filter((child) => child.kind === 'item');
    return items.length === value.length && items.every((item, index) => !conditional(item, entry) && explains(item, value[index], depth + 1));
  }
  if (!isRecord(value)) return false;
  return Object.entries(value).every(([key, inner]) => {
    const keys = entry.children.filter((child) => child.kind === 'key' && child.key === key);
    return keys.length === 1 && explains(keys[0]!, inner, depth + 1);
  });
}

/** Places for a written sequence: its items and the actions among them that write output. */
function placesFor(parent: Entry, members: readonly Entry[], accepts: (member: Entry, index: number) => boolean, mayBeElsewhere: (member: Entry) => boolean): Place[] {
  return members.map((member) => {
    if (member.kind === 'emit') return { min: 0, max: Number.POSITIVE_INFINITY, accepts: () => true };
    const optional = conditional(member, parent) || mayBeElsewhere(member);
    return { min: optional ? 0 : 1, max: repeated(member, parent) ? Number.POSITIVE_INFINITY : 1, accepts: (index) => accepts(member, index) };
  });
}

/** For each rendered item, the one member of `members` it can come from, when there is one. */
function fitted(
  parent: Entry,
  members: readonly Entry[],
  rendered: readonly unknown[],
  accepts: (member: Entry, item: unknown) => boolean,
  mayBeElsewhere: (member: Entry) => boolean = () => false,
): (Entry | undefined)[] {
  const each = placesOfEach(rendered.length, placesFor(parent, members, (member, at) => accepts(member, rendered[at]), mayBeElsewhere));
  return rendered.map((_item, index) => {
    const places = each?.[index];
    const only = places?.length === 1 ? members[places[0]!] : undefined;
    return only?.kind === 'emit' ? undefined : only;
  });
}

/** Fits made once per written list and rendered list (many findings ask about one list). */
const fittedItems = new WeakMap<Entry, WeakMap<readonly unknown[], (Entry | undefined)[]>>();

function nameOf(item: Entry): Entry | undefined {
  return item.children.find((child) => child.kind === 'key' && child.key === 'name');
}

/** An item can have written a rendered item: what it writes is there, and a rendered name has a source in it. */
function itemWrites(item: Entry, rendered: unknown): boolean {
  if (!couldWrite(item, rendered)) return false;
  if (!isRecord(rendered) || rendered.name === undefined) return true;
  const name = nameOf(item);
  return name !== undefined ? couldWrite(name, rendered.name) : item.children.some((child) => child.kind === 'emit');
}

function itemFor(list: Entry, index: number, rendered: unknown): Entry | undefined {
  if (!Array.isArray(rendered)) return undefined;
  const members = list.children.filter((child) => child.kind === 'item' || child.kind === 'emit');
  const renderedItem: unknown = rendered[index];
  const name = isRecord(renderedItem) && typeof renderedItem.name === 'string' ? renderedItem.name : undefined;
  if (name !== undefined) {
    const literal = members.filter((item) => item.kind === 'item' && nameOf(item)?.value === name && !name.includes('{{'));
    if (literal.length === 1) return literal[0];
  }
  let byRendered = fittedItems.get(list);
  if (byRendered === undefined) fittedItems.set(list, (byRendered = new WeakMap()));
  let fits = byRendered.get(rendered);
  if (fits === undefined) byRendered.set(rendered, (fits = fitted(list, members, rendered, itemWrites)));
  return fits[index];
}

function keyFor(at: Entry, segment: string, value: unknown): Entry | Entry[] | undefined {
  let keys = at.children.filter((child) => child.kind === 'key' && child.key === segment);
  // Not written as such: a key whose name is an expression, if one can be it and no other key can.
  if (keys.length === 0) keys = at.children.filter((child) => child.kind === 'key' && child.key?.includes('{{') === true && fits(child.key, segment));
  if (keys.length <= 1) return keys[0];
  const rendered = isRecord(value) ? value[segment] : undefined;
  const possible = keys.filter((key) => couldWrite(key, rendered));
  if (possible.length <= 1) return possible[0];
  // Both branches of an `if` can have written it: the one that writes the rendered value as it is, if only one does.
  const literal = possible.filter((key) => explains(key, rendered));
  return literal.length === 1 ? literal[0] : possible;
}

/** The key of `path` in a template document, or where the search for it stopped. */
export function findInTemplate(tree: TemplateTree, path: Path, renderedRoot: unknown): TemplateSpot | TemplateMiss {
  let at: Entry = tree.root;
  let value: unknown = renderedRoot;
  for (const segment of path) {
    // A value written on the key's own line (`command: ["sh", "-c", "…"]`) holds all below it.
    if (at.value !== undefined && !at.value.includes('{{')) break;
    const next = typeof segment === 'number' ? itemFor(at, segment, value) : keyFor(at, segment, value);
    if (Array.isArray(next)) return { miss: at, candidates: next };
    if (next === undefined) return { miss: at };
    value = typeof segment === 'number' ? (Array.isArray(value) ? value[segment] : undefined) : isRecord(value) ? value[segment] : undefined;
    at = next;
  }
  if (at === tree.root) return tree.first ?? { miss: at };
  // An item is shown at its first key (`- name: x` → the `name`), as the loader shows a mapping.
  const shown = at.kind === 'item' ? (at.children.find((child) => child.kind !== 'emit') ?? at) : at;
  return { file: shown.file, line: shown.line, column: shown.fileColumn + 1 };
}

/** The kinds a document writes (one per `kind:` key, under both branches of an `if` two), undefined for an expression. */
function kindsOf(root: Entry): (string | undefined)[] {
  return root.children.filter((child) => child.kind === 'key' && child.key === 'kind').map((kind) => (kind.literal !== undefined ? kind.value : undefined));
}

/** The one kind a document can write, if it writes one literally and no other. */
function kindOf(root: Entry): string | undefined {
  const kinds = kindsOf(root);
  return kinds.length === 1 ? kinds[0] : undefined;
}

/** Which tree each rendered document came from, worked out once per template's trees and documents. */
const fittedTrees = new WeakMap<readonly TemplateTree[], WeakMap<readonly unknown[], (TemplateTree | undefined)[]>>();

/**
 * For the rendered documents of one kind (`sameKind`, in output order), the tree each came from:
 * the one that fits, else the only tree of that kind that can have written it, else the one at the
 * same place among those of its kind, if it can have written it.
 */
function treesForKind(trees: readonly TemplateTree[], sameKind: readonly unknown[], kind: unknown): (TemplateTree | undefined)[] {
  const top: Entry = { kind: 'key', column: -1, file: '', line: 0, fileColumn: 0, context: [], children: [] };
  // A document's own actions at its top level (`{{ toYaml .Values.extraObjects }}`) may write more documents.
  const members: Entry[] = [];
  const owner = new Map<Entry, TemplateTree>();
  for (const tree of trees) {
    const emits = tree.root.children.filter((child) => child.kind === 'emit');
    const first = tree.first;
    const before = (emit: Entry) => first !== undefined && emit.file === first.file && emit.line < first.line;
    members.push(...emits.filter(before));
    const kinds = kindsOf(tree.root);
    if (first !== undefined && (kinds.length === 0 || kinds.includes(kind as string) || kinds.includes(undefined))) {
      const member = { ...tree.root, context: tree.context };
      owner.set(member, tree);
      members.push(member);
    }
    members.push(...emits.filter((emit) => !before(emit)));
  }
  // A document whose kind is an expression may have written another kind.
  const fits = fitted(top, members, sameKind, (member, item) => couldWrite(member, item), (member) => kindOf(member) === undefined);
  const written = [...owner];
  const ofKind = written.filter(([, tree]) => kindOf(tree.root) === kind);
  return sameKind.map((document, at) => {
    const only = fits[at];
    if (only !== undefined) return owner.get(only);
    const able = written.filter(([member]) => couldWrite(member, document));
    if (able.length === 1) return able[0]![1];
    const same = ofKind[at];
    return same !== undefined && couldWrite(same[0], document) ? same[1] : undefined;
  });
}

/**
 * The document of a template that rendered document `index` of `rendered` (all documents from that
 * template, in output order) came from. helm writes a template's documents sorted by kind (install
 * order, stable: pkg/release/v1/util/kind_sorter.go), so only those of one kind keep their written
 * order.
 */
export function treeFor(trees: readonly TemplateTree[], rendered: readonly unknown[], index: number): TemplateTree | undefined {
  let byRendered = fittedTrees.get(trees);
  if (byRendered === undefined) fittedTrees.set(trees, (byRendered = new WeakMap()));
  let found = byRendered.get(rendered);
  if (found === undefined) {
    const each: (TemplateTree | undefined)[] = new Array<TemplateTree | undefined>(rendered.length);
    const byKind = new Map<unknown, number[]>();
    rendered.forEach((item, at) => {
      const kind = isRecord(item) ? item.kind : undefined;
      let list = byKind.get(kind);
      if (list === undefined) byKind.set(kind, (list = []));
      list.push(at);
    });
    for (const [kind, indexes] of byKind) {
      const fits = treesForKind(trees, indexes.map((at) => rendered[at]), kind);
      indexes.forEach((at, position) => (each[at] = fits[position]));
    }
    byRendered.set(rendered, (found = each));
  }
  return found[index];
}
