/**
 * What mapping findings back needs to know and read: the render's context (command, chart folder,
 * overlay and its patches) and the source files read once per run, each loaded by the loader.
 */
import { readFileSync } from 'node:fs';
import { lineStartsOf } from '../load/lines.js';
import { loadSource } from '../load/source.js';
import type { SourceFile } from '../load/source.js';
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

/** Source files read while mapping one run, by absolute path (undefined: not readable). */
export type FileCache = Map<string, { readonly text: string; readonly source: SourceFile; trees?: TemplateTree[] } | undefined>;

export function readSource(cache: FileCache, file: string) {
  if (!cache.has(file)) {
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

