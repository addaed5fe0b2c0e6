/**
 * Findings of rendered text mapped back to the files people edit. Helm: the template named by
 * `# Source:`, at the line of the field's key there (`template-lines.ts`), else at the template's
 * first line of the object, saying so. Kustomize: the origin file at the field when its value is
 * the rendered one, else the patch that set it (strategic-merge or JSON 6902), else the origin
 * file's object, naming the overlay. The position in the rendered output stays on the finding.
 */
import { resolve } from 'node:path';
import { displayPathOf } from '../load/inputs.js';
import type { SourceFile } from '../load/source.js';
import type { Finding, Region } from '../types.js';
import { rootObjects } from './origins.js';
import type { DocumentOrigin } from './origins.js';
import { existingPrefix } from './paths.js';
import { templateTrees } from './template-lines.js';
import { findInTemplate } from './template-lines.js';
import { findInKustomization } from './kustomize-map.js';
import { lineRegion, refusalNote } from './sources.js';
import { templateFile } from './helm.js';
import type { FileCache, MapContext } from './sources.js';

/**
 * The template a `# Source:` path names: in the chart folder (its first segment is the chart's
 * name); on stdin, the first of the places it may be that can be read, else one that was refused.
 */
export function templateFileFor(template: string, context: MapContext, cache: FileCache): string | undefined {
  if (context.chartDir !== undefined) return templateFile(context.chartDir, template);
  const candidates = [resolve(context.base, template), resolve(context.base, 'charts', template), templateFile(context.base, template)];
  return candidates.find((candidate) => cache.source(candidate) !== undefined) ?? candidates.find((candidate) => cache.refusal(candidate) !== undefined);
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

function mapHelm(finding: Finding, template: string, ordinal: number, root: unknown, context: MapContext, cache: FileCache): Mapped | undefined {
  const file = templateFileFor(template, context, cache);
  if (file === undefined) return undefined;
  const read = cache.source(file);
  if (read === undefined) return refused(finding, file, template, context, cache);
  read.trees ??= templateTrees(read.text);
  const tree = read.trees[ordinal] ?? read.trees[0];
  if (tree === undefined) return moved(finding, file, lineRegion(read.text, 1, 1), context, { note: 'not found in the template as written: shown at its first line' });
  const path = existingPrefix(root, finding.path ?? []);
  const spot = findInTemplate(tree, path, root);
  if (spot !== undefined) return moved(finding, file, lineRegion(read.text, spot.line, spot.column), context, {});
  return moved(finding, file, lineRegion(read.text, tree.first.line, tree.first.column), context, {
    note: "not written as such in the template, it comes from a {{ }} expression: shown at the object's first line",
  });
}

/** Each finding of the rendered `source` at the file and line a person edits; what cannot be placed stays where it was. */
export function mapFindings(findings: readonly Finding[], source: SourceFile, origins: readonly DocumentOrigin[], context: MapContext, cache: FileCache): Mapped[] {
  const roots = rootObjects(source);
  return findings.map((finding) => {
    const origin = origins[finding.documentIndex] ?? {};
    const root = roots.get(finding.documentIndex)?.value;
    let mapped: Mapped | undefined;
    if (origin.template !== undefined) mapped = mapHelm(finding, origin.template, origin.ordinal ?? 0, root, context, cache);
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
