/**
 * Findings of rendered text mapped back to the files people edit. Helm: the template named by
 * `# Source:`, at the line of the field's key there (`template-lines.ts`), else at the template's
 * first line of the object, saying so. Kustomize: the origin file at the field when its value is
 * the rendered one, else the patch that set it (strategic-merge or JSON 6902), else the origin
 * file's object, naming the overlay. The position in the rendered output stays on the finding.
 */
import { relative, resolve, sep } from 'node:path';
import { displayPathOf } from '../load/inputs.js';
import type { SourceFile } from '../load/source.js';
import type { Finding, Region } from '../types.js';
import { rootObjects } from './origins.js';
import type { DocumentOrigin } from './origins.js';
import { existingPrefix } from './paths.js';
import { findInTemplate, treeFor } from './template-lines.js';
import { templateTrees } from './template-trees.js';
import type { Entry } from './template-trees.js';
import { NamedTemplates, readTemplate } from './named-templates.js';
import type { ReadTemplate } from './named-templates.js';
import { findInKustomization } from './kustomize-map.js';
import { lineRegion, refusalNote } from './sources.js';
import { templateFile } from './helm.js';
import type { FileCache, MapContext } from './sources.js';

/** A template file and the root chart's folder (where its named templates are looked for). */
export interface TemplateSource {
  readonly file: string;
  readonly chartDir: string;
}

/**
 * The template a `# Source:` path names: in the chart folder (its first segment is the chart's
 * name); on stdin, the first of the places it may be that can be read, else one that was refused.
 */
export function templateSourceFor(template: string, context: MapContext, cache: FileCache): TemplateSource | { readonly several: readonly string[] } | undefined {
  if (context.chartDir !== undefined) return { file: templateFile(context.chartDir, template), chartDir: context.chartDir };
  const name = template.split('/')[0] ?? '';
  // Piped without --stdin-filename: the chart of that name below the working directory, if there is one.
  const named = context.chartsByName?.get(name) ?? [];
  if (named.length === 1) return { file: templateFile(named[0]!, template), chartDir: named[0]! };
  if (named.length > 1) return { several: named };
  const candidates = [
    { file: resolve(context.base, template), chartDir: resolve(context.base, name) },
    { file: resolve(context.base, 'charts', template), chartDir: resolve(context.base, 'charts', name) },
    { file: templateFile(context.base, template), chartDir: context.base },
  ];
  return candidates.find((candidate) => cache.source(candidate.file) !== undefined) ?? candidates.find((candidate) => cache.refusal(candidate.file) !== undefined);
}

/** The template file a `# Source:` path names (see `templateSourceFor`). */
export function templateFileFor(template: string, context: MapContext, cache: FileCache): string | undefined {
  const found = templateSourceFor(template, context, cache);
  return found !== undefined && 'file' in found ? found.file : undefined;
}

export interface Mapped {
  readonly finding: Finding;
  /** The absolute path of the file it now points at, for `ignore:` entries; undefined when unmapped. */
  readonly file?: string;
}

function moved(finding: Finding, file: string, region: Region, context: MapContext, extra: Partial<Finding> & { note?: string }): Mapped {
  const { note, ...rest } = extra;
  return {
    finding: {
      ...withoutFix(finding),
      ...rest,
      filePath: displayPathOf(file, context.cwd),
      region,
      message: note !== undefined ? `${finding.message} (${note})` : finding.message,
      rendered: { command: context.command, region: finding.region },
    },
    file,
  };
}

/** A finding left at its rendered position, its message saying why. */
function stayed(finding: Finding, note: string): Mapped {
  return { finding: { ...withoutFix(finding), message: `${finding.message} (${note})` } };
}

/** The refused source's finding, or undefined when the file was not refused. */
function refused(finding: Finding, file: string, written: string, context: MapContext, cache: FileCache): Mapped | undefined {
  const refusal = cache.refusal(file);
  return refusal === undefined ? undefined : stayed(finding, refusalNote(refusal, written, context, cache.maxFileSizeMb));
}

/** The named templates of each chart folder of one mapping, found once. */
class Charts {
  private readonly named = new Map<string, NamedTemplates | undefined>();
  constructor(private readonly cache: FileCache) {}

  /** The chart's named templates; none for a folder outside what may be read. */
  namedIn(chartDir: string): NamedTemplates | undefined {
    if (!this.named.has(chartDir)) this.named.set(chartDir, this.cache.contains(chartDir) ? new NamedTemplates(chartDir, (file) => this.template(file)) : undefined);
    return this.named.get(chartDir);
  }

  /** A template file, read through the cache and scanned once. */
  template(file: string): ReadTemplate | undefined {
    const read = this.cache.source(file);
    if (read === undefined) return undefined;
    read.template ??= readTemplate(file, read.text);
    return read.template;
  }
}

/** What a message names for a place in a chart: the define (`templates/_pod.tpl`, define "web.pod") an expression is in, or the one it includes. */
function whence(entries: readonly Entry[], named: NamedTemplates | undefined): string {
  const emits = entries.flatMap((entry) => entry.children.filter((child) => child.kind === 'emit'));
  const source = emits.length === 1 ? emits[0] : undefined;
  const included = source?.action?.kind === 'output' ? source.action.name : undefined;
  if (source?.action !== undefined && included !== undefined) {
    const found = named?.find(included);
    if (found !== undefined) return `it comes from ${source.action.text} in ${found.shown}, define "${included}"`;
    return `it comes from ${source.action.text}, whose define "${included}" is not in the chart's templates`;
  }
  const via = source?.via ?? (entries.length === 1 ? entries[0]?.via : undefined);
  if (via !== undefined) return `it comes from ${via.include} in ${via.shown}, define "${via.name}"`;
  return 'it comes from a {{ }} expression';
}

function mapHelm(finding: Finding, template: string, ordinal: number, rendered: readonly unknown[], root: unknown, context: MapContext, cache: FileCache, charts: Charts): Mapped | undefined {
  const found = templateSourceFor(template, context, cache);
  if (found === undefined) return undefined;
  if ('several' in found) {
    const shown = found.several.map((dir) => displayPathOf(dir, context.cwd));
    const chart = template.split('/')[0] ?? '';
    return stayed(finding, `left in the rendered text: ${shown.length} charts below ${context.scope} are named ${chart} (${shown.join(', ')}): name the one it came from with --stdin-filename`);
  }
  const { file } = found;
  const read = cache.source(file);
  if (read === undefined) return refused(finding, file, template, context, cache);
  const named = charts.namedIn(found.chartDir);
  const scanned = charts.template(file);
  read.trees ??= scanned !== undefined ? templateTrees(scanned, named) : [];
  const tree = treeFor(read.trees, rendered, ordinal);
  if (tree?.first === undefined) {
    const cause = whence(read.trees.map((each) => each.root), named);
    const note = cause === 'it comes from a {{ }} expression' ? 'not found in the template as written' : `not found in the template as written, ${cause}`;
    return moved(finding, file, lineRegion(read.text, 1, 1), context, { note: `${note}: shown at its first line` });
  }
  const path = existingPrefix(root, finding.path ?? []);
  const spot = findInTemplate(tree, path, root);
  const first = tree.first;
  if ('miss' in spot) {
    const why = spot.candidates !== undefined ? writtenTwice(spot.candidates, file, found.chartDir) : `not written as such in the template, ${whence([spot.miss], named)}`;
    return moved(finding, first.file, lineRegion(textOf(first.file, read.text, cache), first.line, first.column), context, { note: `${why}: shown at the object's first line` });
  }
  return moved(finding, spot.file, lineRegion(textOf(spot.file, read.text, cache), spot.line, spot.column), context, {});
}

/** Why a key written more than once is not shown at one of them: where each is. */
function writtenTwice(candidates: readonly Entry[], template: string, chartDir: string): string {
  const own = candidates.every((entry) => entry.file === template);
  const places = candidates.map((entry) => (own ? `${entry.line}` : `${relative(chartDir, entry.file).split(sep).join('/')}:${entry.line}`));
  const listed = `${own ? 'lines ' : ''}${places.slice(0, -1).join(', ')} and ${places[places.length - 1]}`;
  return `written more than once in the template (${listed}) and each can have written it`;
}

/** The text of a file a spot is in: the template's own, or a file its includes were followed into. */
function textOf(file: string, templateText: string, cache: FileCache): string {
  return cache.source(file)?.text ?? templateText;
}

/** Each finding of the rendered `source` at the file and line a person edits; what cannot be placed stays where it was. */
export function mapFindings(findings: readonly Finding[], source: SourceFile, origins: readonly DocumentOrigin[], context: MapContext, cache: FileCache): Mapped[] {
  const roots = rootObjects(source);
  // Each template's rendered documents, in order: which of its documents one came from is read from all of them.
  const byTemplate = new Map<string, unknown[]>();
  origins.forEach((origin, index) => {
    if (origin.template === undefined) return;
    let list = byTemplate.get(origin.template);
    if (list === undefined) byTemplate.set(origin.template, (list = []));
    list.push(roots.get(index)?.value);
  });
  const charts = new Charts(cache);
  return findings.map((finding) => {
    const origin = origins[finding.documentIndex] ?? {};
    const root = roots.get(finding.documentIndex)?.value;
    let mapped: Mapped | undefined;
    if (origin.template !== undefined) mapped = mapHelm(finding, origin.template, origin.ordinal ?? 0, byTemplate.get(origin.template) ?? [], root, context, cache, charts);
    else if (origin.origin !== undefined && root !== undefined) {
      const file = resolve(context.base, origin.origin);
      mapped = refused(finding, file, origin.origin, context, cache);
      const found = mapped === undefined ? findInKustomization(finding, root, file, context, cache) : undefined;
      if (found !== undefined) mapped = moved(finding, found.file, found.region, context, { documentIndex: found.documentIndex, path: found.path, ...(found.note ? { note: found.note } : {}) });
    }
    return mapped ?? { finding: withoutFix(finding) };
  });
}

function withoutFix(finding: Finding): Finding {
  const { fix: _fix, ...rest } = finding;
  return rest;
}
