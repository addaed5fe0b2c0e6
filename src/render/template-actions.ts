/**
 * The `{{ }}` actions of a Go template, as Go's text/template lexer delimits them: an action runs
 * from `{{` to the first `}}` outside a string ("…", `…`, '…') or a comment (`{{/* … *\/}}`), so one
 * may span lines; `{{- ` and ` -}}` trim the whitespace beside it. Each action is read for what the
 * line structure needs: whether it opens, continues or ends a block (if, else, range, with, define,
 * block, end), names a template (`define "x"`, `include "x" …`, `template "x" …`) and whether it
 * writes output at all (a comment or `$x := …` writes nothing).
 */

export type ActionKind = 'comment' | 'if' | 'range' | 'with' | 'define' | 'block' | 'else' | 'end' | 'output' | 'silent';

/** An `{{ include "x" … }}` or `{{ template "x" … }}` whose output is the define's lines, moved right by `indent`. */
export interface Inclusion {
  readonly name: string;
  /** Spaces `indent N` / `nindent N` put before each line (0 without). */
  readonly indent: number;
  /** `nindent`: the output starts on a line of its own. */
  readonly newline: boolean;
}

export interface Action {
  /** Offsets in the text: `start` at `{{`, `end` just after `}}`. */
  readonly start: number;
  readonly end: number;
  readonly kind: ActionKind;
  /** `define`/`block`: the template it defines; `output`: the template its pipeline starts by including. */
  readonly name?: string;
  /** Set when the included template's lines are its output as they are (moved right at most): they can be followed. */
  readonly inclusion?: Inclusion;
  /** The action as written, whitespace collapsed, for messages: `{{ include "web.pod" . }}`. */
  readonly text: string;
  /** `{{- `, ` -}}`: the whitespace before it, after it, is trimmed. */
  readonly trimLeft: boolean;
  readonly trimRight: boolean;
}

/** Where the action's closing `}}` is, from just after `{{` (the text's length when there is none). */
function closeOf(text: string, from: number): number {
  let at = from;
  if (/^-[ \t\r\n]/.test(text.slice(at, at + 2))) at += 2;
  while (at < text.length && /[ \t\r\n]/.test(text[at]!)) at += 1;
  if (text.startsWith('/*', at)) {
    const close = text.indexOf('*/', at + 2);
    if (close < 0) return text.length;
    const after = /^\*\/(?:[ \t\r\n]+-)?\s*\}\}/.exec(text.slice(close, close + 200));
    return after ? close + after[0].length - 2 : text.length;
  }
  while (at < text.length) {
    const char = text[at]!;
    if (char === '}' && text[at + 1] === '}') return at;
    if (char === '"' || char === "'") {
      at += 1;
      while (at < text.length && text[at] !== char && text[at] !== '\n') at += text[at] === '\\' ? 2 : 1;
    } else if (char === '`') {
      const close = text.indexOf('`', at + 1);
      if (close < 0) return text.length;
      at = close;
    }
    at += 1;
  }
  return text.length;
}

const STRING = /^"((?:[^"\\\n]|\\.)*)"/;

/** The commands of a pipeline, split at `|` outside strings and parentheses. */
function commandsOf(pipeline: string): string[] {
  const commands: string[] = [];
  let depth = 0;
  let from = 0;
  for (let at = 0; at < pipeline.length; at += 1) {
    const char = pipeline[at]!;
    if (char === '"' || char === "'") {
      at += 1;
      while (at < pipeline.length && pipeline[at] !== char) at += pipeline[at] === '\\' ? 2 : 1;
    } else if (char === '`') {
      const close = pipeline.indexOf('`', at + 1);
      at = close < 0 ? pipeline.length : close;
    } else if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (char === '|' && depth === 0) {
      commands.push(pipeline.slice(from, at).trim());
      from = at + 1;
    }
  }
  commands.push(pipeline.slice(from).trim());
  return commands;
}

/** Filters after an include that keep its output's lines as they are (moved right, the first one trimmed). */
const KEEPS_LINES = /^(?:nindent|indent)\s+\d+$|^trimPrefix\s|^trim$|^fromYaml$|^toYaml$/;

/** The named template an action's pipeline starts by including (`include "x" …`, `template "x" …`), if any. */
function includedName(pipeline: string): string | undefined {
  const [first = ''] = commandsOf(pipeline);
  const head = /^(?:include|template)\s+/.exec(first);
  const name = head ? STRING.exec(first.slice(head[0].length)) : null;
  return name ? (name[1] ?? '').replace(/\\(.)/g, '$1') : undefined;
}

function inclusionOf(pipeline: string): Inclusion | undefined {
  const [first = '', ...filters] = commandsOf(pipeline);
  const head = /^(include|template)\s+/.exec(first);
  if (!head) return undefined;
  const name = STRING.exec(first.slice(head[0].length));
  if (!name || filters.some((filter) => !KEEPS_LINES.test(filter))) return undefined;
  // `fromYaml | toYaml` keeps the lines' structure, not their order; either alone is not that.
  if (filters.includes('fromYaml') !== filters.includes('toYaml')) return undefined;
  if (head[1] === 'template' && filters.length > 0) return undefined;
  const indent = filters.reduce((sum, filter) => sum + Number(/^n?indent\s+(\d+)$/.exec(filter)?.[1] ?? 0), 0);
  return { name: (name[1] ?? '').replace(/\\(.)/g, '$1'), indent, newline: filters.some((filter) => filter.startsWith('nindent')) };
}

/** What one action's inside (trim markers removed) says. */
function classify(inside: string): Pick<Action, 'kind' | 'name' | 'inclusion'> {
  if (inside.startsWith('/*')) return { kind: 'comment' };
  const word = /^[a-z]+/.exec(inside)?.[0];
  const rest = inside.slice(word?.length ?? 0).trim();
  switch (word) {
    case 'if':
    case 'range':
    case 'with':
      return { kind: word };
    case 'define':
    case 'block': {
      const name = STRING.exec(rest)?.[1];
      return name !== undefined ? { kind: word, name } : { kind: word };
    }
    case 'else':
      return { kind: 'else' };
    case 'end':
      return { kind: 'end' };
    case 'break':
    case 'continue':
      return { kind: 'silent' };
    default: {
      // `$x := …` and `$x = …` only set a variable.
      if (/^\$[\w]*(?:\s*,\s*\$[\w]*)?\s*:?=/.test(inside)) return { kind: 'silent' };
      const inclusion = inclusionOf(inside);
      if (inclusion !== undefined) return { kind: 'output', inclusion, name: inclusion.name };
      const name = includedName(inside);
      return name !== undefined ? { kind: 'output', name } : { kind: 'output' };
    }
  }
}

const MAX_SHOWN = 80;

/** The action for a message: whitespace collapsed, control characters left out, at most 80 characters. */
function shownText(raw: string): string {
  const text = raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length <= MAX_SHOWN ? text : `${text.slice(0, MAX_SHOWN - 5)} … }}`;
}

/** Every action of a template, in order. */
export function scanActions(text: string): Action[] {
  const actions: Action[] = [];
  let at = text.indexOf('{{');
  while (at >= 0) {
    const close = closeOf(text, at + 2);
    const end = Math.min(text.length, close + 2);
    const raw = text.slice(at + 2, close);
    const trimLeft = /^-[ \t\r\n]/.test(raw);
    const trimRight = /[ \t\r\n]-$/.test(raw);
    const inside = raw.slice(trimLeft ? 1 : 0, trimRight ? -1 : undefined).trim();
    actions.push({ start: at, end, ...classify(inside), text: shownText(text.slice(at, end)), trimLeft, trimRight });
    at = text.indexOf('{{', end);
  }
  return actions;
}
