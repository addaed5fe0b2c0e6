/**
 * What mapping findings back needs to know and read: the render's context (command, chart folder,
 * overlay and its patches) and the source files read once per render, each loaded by the loader.
 * Rendered text names its sources itself (`# Source:` comments, origin annotations), and on stdin
 * anyone may have written them: only regular files inside the folders being rendered (compared as
 * real paths too, so a link that leads out does not count) and within the size limit are read.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { decode } from '../load/decode.js';
import { insideAny } from '../load/inside.js';
import { lineStartsOf } from '../load/lines.js';
import { readRegularFile } from '../load/read-input.js';
import { loadSource } from '../load/source.js';
import type { SourceFile } from '../load/source.js';
import { readDocument } from '../load/read-document.js';
import { isRecord } from '../load/values.js';
import type { Region } from '../types.js';
import type { ReadTemplate } from './named-templates.js';
import type { ChartsByName } from './stdin-charts.js';
import type { TemplateTree } from './template-trees.js';

export interface MapContext {
  readonly cwd: string;
  /** What rendered the text: `helm template charts/web`. */
  readonly command: string;
  /** Helm: the chart folder (`# Source:` paths start with the chart's name); stdin: undefined. */
  readonly chartDir?: string;
  /** Where relative origin paths and, on stdin, `# Source:` paths are resolved. */
  readonly base: string;
  /** Kustomize: the overlay as shown, and its patch files in the order they apply. */
  readonly overlay?: string;
  readonly patches?: readonly string[];
  /** The folders sources must lie in, as a note names them: `charts/web`. */
  readonly scope: string;
  /** Stdin without a chart folder: the charts below `base` by name, where `# Source: web/…` is looked for. */
  readonly chartsByName?: ChartsByName;
}

/** A patch written inside a kustomization (`patches: [{patch: |- …}]`): where its text stands there. */
export interface InlinePatch {
  /** The kustomization file. */
  readonly file: string;
  /** Path of the patch's text in it: `['patches', 2, 'patch']`. */
  readonly path: readonly (string | number)[];
}

/** What `FileCache.source` gives: a file's text, loaded; for an inline patch, its text and where it stands. */
export interface ReadSource {
  readonly text: string;
  readonly source: SourceFile;
  readonly inline?: InlinePatch;
  /** A Helm template's actions, and its documents as trees, made when first needed. */
  template?: ReadTemplate;
  trees?: TemplateTree[];
}

/** Why a source that rendered text names was not read: not a regular file inside the folders, or too large. */
export type Refusal = 'outside' | 'too-large';

/** The key of an inline patch in a patch list: `<kustomization file>#patches/2`. */
export function inlinePatchKey(file: string, key: string, index: number): string {
  return `${file}#${key}/${index}`;
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The source files of one render, each read once, by absolute path (an inline patch by its
 * `inlinePatchKey`): only regular files inside `roots`, of at most `maxFileSizeMb`.
 */
export class FileCache {
  private readonly read = new Map<string, ReadSource | Refusal | undefined>();
  private readonly roots: readonly string[];
  private readonly realRoots: readonly string[];

  constructor(
    roots: readonly string[],
    readonly maxFileSizeMb: number,
  ) {
    this.roots = roots.map((root) => resolve(root));
    this.realRoots = this.roots.flatMap((root) => realOrUndefined(root) ?? []);
  }

  /** The file's text, loaded; undefined when it is missing, unreadable or refused. */
  source(file: string): ReadSource | undefined {
    const read = this.lookup(file);
    return typeof read === 'object' ? read : undefined;
  }

  /** Why the file was refused, if it was (a missing file inside the folders is no refusal). */
  refusal(file: string): Refusal | undefined {
    const read = this.lookup(file);
    return typeof read === 'string' ? read : undefined;
  }

  /** Whether a folder lies inside the roots, as written and as a real path (a walk below it stays inside). */
  contains(dir: string): boolean {
    const real = realOrUndefined(dir);
    return insideAny(resolve(dir), this.roots) && real !== undefined && insideAny(real, this.realRoots);
  }

  private lookup(file: string): ReadSource | Refusal | undefined {
    if (!this.read.has(file)) this.read.set(file, /#\w+\/\d+$/.test(file) ? this.readInline(file) : this.readFile(file));
    return this.read.get(file);
  }

  private readFile(file: string): ReadSource | Refusal | undefined {
    // Outside as written: not even looked at, so no report says whether such a path exists.
    if (!insideAny(resolve(file), this.roots)) return 'outside';
    const real = realOrUndefined(file);
    // Missing is no refusal; a link that leads nowhere is one.
    if (real === undefined) return isLink(file) ? 'outside' : undefined;
    if (!insideAny(real, this.realRoots)) return 'outside';
    try {
      // Opened without blocking: a FIFO is no regular file, and no wait.
      const read = readRegularFile(real, Math.floor(this.maxFileSizeMb * 1024 * 1024));
      if (read === undefined) return 'outside';
      if ('tooLarge' in read) return 'too-large';
      const decoded = decode(read.bytes);
      return 'problem' in decoded ? undefined : { text: decoded.text, source: loadSource(file, decoded.text) };
    } catch {
      return undefined;
    }
  }

  private readInline(key: string): ReadSource | Refusal | undefined {
    const [, file = '', list = '', index = ''] = /^(.*)#(\w+)\/(\d+)$/.exec(key) ?? [];
    const kustomization = this.lookup(file);
    if (typeof kustomization !== 'object') return kustomization;
    const parsed = readDocument(kustomization.text, 100);
    const entries = 'value' in parsed && isRecord(parsed.value) ? parsed.value[list] : undefined;
    const entry: unknown = Array.isArray(entries) ? entries[Number(index)] : undefined;
    const path = typeof entry === 'string' ? [list, Number(index)] : [list, Number(index), 'patch'];
    const text = typeof entry === 'string' ? entry : isRecord(entry) && typeof entry.patch === 'string' ? entry.patch : undefined;
    return text === undefined ? undefined : { text, source: loadSource(key, text), inline: { file, path } };
  }
}

/** What a finding's message adds when the source it came from was refused: where it stays, and why. */
export function refusalNote(refusal: Refusal, written: string, context: MapContext, maxFileSizeMb: number): string {
  const why = refusal === 'too-large' ? `is larger than ${maxFileSizeMb} MB (the --max-file-size limit)` : `is not a regular file inside ${context.scope}`;
  return `left in the rendered text: the source it names, ${written}, ${why}, so it is not read`;
}

/** A region from a 1-based line and column to the end of that line's content. */
export function lineRegion(text: string, line: number, column: number): Region {
  const starts = lineStartsOf(text);
  const from = starts[line - 1] ?? 0;
  const to = starts[line] ?? text.length;
  const content = text.slice(from, to).replace(/\s+$/, '');
  return { start: { line, column }, end: { line, column: Math.max(column, content.length + 1) } };
}
