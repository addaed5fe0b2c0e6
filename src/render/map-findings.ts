/**
 * Findings of rendered text mapped back to the files people edit. Helm: the template named by
 * `# Source:`, at the line of the field's key there (`template-lines.ts`), else at the template's
 * first line of the object, saying so. Kustomize: the origin file at the field when its value is
 * the rendered one, else the patch that set it (strategic-merge or JSON 6902), else the origin
 * file's object, naming the overlay. The position in the rendered output stays on the finding.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayPathOf } from '../load/inputs.js';
import type { SourceFile } from '../load/source.js';
import type { Finding, Region } from '../types.js';
import { rootObjects } from './origins.js';
import type { DocumentOrigin } from './origins.js';
import { existingPrefix } from './paths.js';
import { templateTrees } from './template-lines.js';
import { findInTemplate } from './template-lines.js';
import { findInKustomization } from './kustomize-map.js';
import { lineRegion, readSource } from './sources.js';
import type { FileCache, MapContext } from './sources.js';

function templateFileFor(template: string, context: MapContext): string | undefined {
  const rest = template.split('/').slice(1).join('/');
  if (context.chartDir !== undefined) return join(context.chartDir, rest);
  for (const candidate of [resolve(context.base, template), resolve(context.base, 'charts', template), resolve(context.base, rest)]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
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

function mapHelm(finding: Finding, origin: DocumentOrigin, root: unknown, context: MapContext, cache: FileCache): Mapped | undefined {
  const file = templateFileFor(origin.template ?? '', context);
  const read = file !== undefined ? readSource(cache, file) : undefined;
  if (file === undefined || read === undefined) return undefined;
  read.trees ??= templateTrees(read.text);
  const tree = read.trees[origin.ordinal ?? 0] ?? read.trees[0];
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
    if (origin.template !== undefined) mapped = mapHelm(finding, origin, root, context, cache);
    else if (origin.origin !== undefined && root !== undefined) {
      const file = resolve(context.base, origin.origin);
      const found = findInKustomization(finding, root, file, context, cache);
      if (found !== undefined) mapped = moved(finding, found.file, found.region, context, { documentIndex: found.documentIndex, path: found.path, ...(found.note ? { note: found.note } : {}) });
    }
    return mapped ?? { finding: withoutFix(finding) };
  });
}

function withoutFix(finding: Finding): Finding {
  const { fix: _fix, ...rest } = finding;
  return rest;
}
