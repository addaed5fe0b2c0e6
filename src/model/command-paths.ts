/**
 * What a container's command line touches, item by item: which `command`/`args` entry holds a
 * `tail -f`, and which absolute paths the command reads (files it tails or cats, config-file flags).
 * Every result keeps the list item it came from, so a finding (and a later fix) can point at it.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import { isSpecialPath, tailFollowsIn } from './shell.js';
import type { Path } from '../types.js';

export interface CommandItem {
  readonly field: 'command' | 'args';
  readonly index: number;
  readonly text: string;
  /** Offset of the item in the joined command line (`commandLineOf`). */
  readonly start: number;
}

export interface CommandLine {
  /** `command` and `args` items joined with single spaces. */
  readonly text: string;
  readonly items: readonly CommandItem[];
}

export function commandLineOf(container: IContainer): CommandLine {
  const items: CommandItem[] = [];
  let offset = 0;
  for (const field of ['command', 'args'] as const) {
    const list: unknown = container[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item: unknown, index) => {
      if (typeof item !== 'string') return;
      items.push({ field, index, text: item, start: offset });
      offset += item.length + 1;
    });
  }
  return { text: items.map((item) => item.text).join(' '), items };
}

/** The item that holds the character at `offset` of the joined line. */
export function itemAt(line: CommandLine, offset: number): CommandItem | undefined {
  let found: CommandItem | undefined;
  for (const item of line.items) {
    if (item.start <= offset) found = item;
    else break;
  }
  return found;
}

/** Path of an item from the container: `['args', 2]`. */
export function itemPath(item: CommandItem): Path {
  return [item.field, item.index];
}

export interface TailFollowUse {
  /** The item holding the follow option (`-f`, or the whole `sh -c` script). */
  readonly item: CommandItem;
  readonly flag: string;
  readonly byName: boolean;
  /** Files it follows; `/dev/null` and other special files are left out. */
  readonly files: readonly string[];
}

/** Every `tail` following a real file in the container's command line. */
export function tailFollowUses(container: IContainer): TailFollowUse[] {
  const line = commandLineOf(container);
  const uses: TailFollowUse[] = [];
  for (const tail of tailFollowsIn(line.text)) {
    const item = itemAt(line, tail.flagStart);
    const files = tail.files.filter((file) => !isSpecialPath(file));
    if (!item || files.length === 0) continue;
    uses.push({ item, flag: tail.flag, byName: tail.byName, files });
  }
  return uses;
}

/** `log`: a file tailed, or read by cat/head under a log-looking path; `file`: another file read; `config`: a config-file option. */
export type ReadKind = 'log' | 'file' | 'config';

export interface ReadPath {
  /** The absolute path as written (may end in a glob). */
  readonly path: string;
  /** The path up to its first glob character, without a trailing slash: what must exist. */
  readonly base: string;
  readonly kind: ReadKind;
  /** What reads it: `tail`, `cat`, `--config.file`… */
  readonly via: string;
  readonly item: CommandItem;
}

const READ_VERBS = new Set(['tail', 'cat', 'head', 'zcat', 'less', 'more']);
const CONFIG_OPTION = /^--?(?:c|conf|config(?:[._-]?(?:file|path))?|config[._-]?dir)$/i;
const CONFIG_OPTION_INLINE = /^(--?(?:c|conf|config(?:[._-]?(?:file|path))?|config[._-]?dir))=(.+)$/i;
const SEPARATOR = /^(?:;|&&|\|\||\||&|\n)$/;
const SHELLS = /^(?:sh|bash|ash|dash|zsh|ksh|busybox)$/;
/** Words that may precede the command of a step without being it. */
const PREFIX_WORDS = new Set(['exec', 'do', 'then', 'else', '{', '(', '!', 'time', 'nohup', 'sudo', 'command']);

interface Word {
  readonly text: string;
  readonly offset: number;
}

/** Words of the joined line with their offsets; shell separators become words of their own. */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(/\n|;|&&|\|\||\||&|[^\s;&|]+/g)) {
    words.push({ text: match[0], offset: match.index });
  }
  return words;
}

function unquote(word: string): string {
  return word.replace(/^["'(]+|["');]+$/g, '');
}

function readPath(path: string, kind: ReadKind, via: string, item: CommandItem): ReadPath | undefined {
  if (!path.startsWith('/') || path.includes('$') || isSpecialPath(path)) return undefined;
  const glob = path.search(/[*?[{]/);
  const base = (glob >= 0 ? path.slice(0, path.lastIndexOf('/', glob)) : path).replace(/\/+$/, '') || '/';
  return { path, base, kind, via, item };
}

/**
 * Absolute paths the command line reads: operands of tail/cat/head (kind `log` or `file`) and values of
 * config-file options such as `-c`, `--config`, `--config.file` (kind `config`). Paths with
 * variables, device and kernel paths are left out; so are paths the same script writes first
 * (`> file`, `touch file`).
 */
export function pathsRead(container: IContainer): ReadPath[] {
  const line = commandLineOf(container);
  const words = wordsOf(line.text);
  const out: ReadPath[] = [];
  // Without `command`, `args` that start with an option go to the image's entrypoint.
  const entrypointArgs = !Array.isArray(container.command) && /^-/.test(words[0]?.text ?? '');
  let stepStart = !entrypointArgs;
  let verb = '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word) continue;
    if (SEPARATOR.test(word.text)) {
      stepStart = true;
      verb = '';
      continue;
    }
    const text = unquote(word.text);
    if (stepStart) {
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(text) || PREFIX_WORDS.has(text)) continue;
      verb = text.slice(text.lastIndexOf('/') + 1);
      stepStart = false;
      continue;
    }
    if (SHELLS.test(verb) && /^-[a-z]*c[a-z]*$/.test(text)) {
      // `sh -c SCRIPT`: the script starts a step of its own.
      stepStart = true;
      continue;
    }
    const item = itemAt(line, word.offset);
    if (!item) continue;
    if (/[<>]/.test(text)) {
      // A redirection ends the operands of this step.
      verb = '';
      continue;
    }
    const inline = CONFIG_OPTION_INLINE.exec(text);
    if (inline?.[2]) {
      const found = readPath(unquote(inline[2]), 'config', inline[1] ?? '', item);
      if (found) out.push(found);
      continue;
    }
    if (CONFIG_OPTION.test(text) && !SHELLS.test(verb)) {
      const next = words[i + 1];
      const valueItem = next ? itemAt(line, next.offset) : undefined;
      if (next && valueItem) {
        const found = readPath(unquote(next.text), 'config', text, valueItem);
        if (found) {
          out.push(found);
          i++;
        }
      }
      continue;
    }
    if (READ_VERBS.has(verb) && !text.startsWith('-')) {
      const found = readPath(text, verb === 'tail' || /log/i.test(text) ? 'log' : 'file', verb, item);
      if (found) out.push(found);
    }
  }
  const written = (path: string): boolean =>
    new RegExp(String.raw`(?:>>?|\btouch|\bmkfifo|\btee(?:\s+-a)?)\s*["']?${escapeRegExp(path)}(?:["'\s;&|]|$)`).test(line.text);
  return out.filter((found) => !written(found.path));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when `path` is `mountPath` or lies below it. */
export function isUnder(path: string, mountPath: string): boolean {
  const root = mountPath.replace(/\/+$/, '');
  return root === '' || path === root || path.startsWith(`${root}/`);
}
