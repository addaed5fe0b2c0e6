/**
 * What mapping findings back needs to know and read: the render's context (command, chart folder,
 * overlay and its patches) and the source files read once per run, each loaded by the loader.
 */
import { readFileSync } from 'node:fs';
import { lineStartsOf } from '../load/lines.js';
import { loadSource } from '../load/source.js';
import type { SourceFile } from '../load/source.js';
import { readDocument } from '../load/read-document.js';
import { isRecord } from '../load/values.js';
import type { Region } from '../types.js';
import type { TemplateTree } from './template-lines.js';

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
}

/** A patch written inside a kustomization (`patches: [{patch: |- …}]`): where its text stands there. */
export interface InlinePatch {
  /** The kustomization file. */
  readonly file: string;
  /** Path of the patch's text in it: `['patches', 2, 'patch']`. */
  readonly path: readonly (string | number)[];
}

/** What `readSource` gives: a file's text, loaded; for an inline patch, its text and where it stands. */
export interface ReadSource {
  readonly text: string;
  readonly source: SourceFile;
  readonly inline?: InlinePatch;
  trees?: TemplateTree[];
}

/** Source files read while mapping one run, by absolute path (undefined: not readable). */
export type FileCache = Map<string, ReadSource | undefined>;

/** The key of an inline patch in a patch list: `<kustomization file>#patches/2`. */
export function inlinePatchKey(file: string, key: string, index: number): string {
  return `${file}#${key}/${index}`;
}

function readInline(key: string, cache: FileCache): ReadSource | undefined {
  const [, file = '', list = '', index = ''] = /^(.*)#(\w+)\/(\d+)$/.exec(key) ?? [];
  const kustomization = readSource(cache, file);
  const parsed = kustomization === undefined ? undefined : readDocument(kustomization.text, 100);
  const entries = parsed !== undefined && 'value' in parsed && isRecord(parsed.value) ? parsed.value[list] : undefined;
  const entry: unknown = Array.isArray(entries) ? entries[Number(index)] : undefined;
  const path = typeof entry === 'string' ? [list, Number(index)] : [list, Number(index), 'patch'];
  const text = typeof entry === 'string' ? entry : isRecord(entry) && typeof entry.patch === 'string' ? entry.patch : undefined;
  return text === undefined ? undefined : { text, source: loadSource(key, text), inline: { file, path } };
}

export function readSource(cache: FileCache, file: string): ReadSource | undefined {
  if (!cache.has(file)) {
    if (/#\w+\/\d+$/.test(file)) {
      cache.set(file, readInline(file, cache));
      return cache.get(file);
    }
    try {
      const text = readFileSync(file, 'utf8');
      cache.set(file, { text, source: loadSource(file, text) });
    } catch {
      cache.set(file, undefined);
    }
  }
  return cache.get(file);
}

/** A region from a 1-based line and column to the end of that line's content. */
export function lineRegion(text: string, line: number, column: number): Region {
  const starts = lineStartsOf(text);
  const from = starts[line - 1] ?? 0;
  const to = starts[line] ?? text.length;
  const content = text.slice(from, to).replace(/\s+$/, '');
  return { start: { line, column }, end: { line, column: Math.max(column, content.length + 1) } };
}

