/**
 * Where each document of rendered text came from, as the renderer wrote it: Helm's
 * `# Source: chart/templates/x.yaml` comment, Kustomize's `config.kubernetes.io/origin`
 * annotation (`path:` of the resource file, or `configuredIn:` of a generator's kustomization).
 */
import { documentSpans } from '../load/documents.js';
import { readDocument } from '../load/read-document.js';
import type { LoadedObject, SourceFile } from '../load/source.js';
import { isRecord } from '../load/values.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

export interface DocumentOrigin {
  /** Helm: the `# Source:` path, as helm wrote it. */
  readonly template?: string;
  /** Helm: how many documents before this one came from the same template. */
  readonly ordinal?: number;
  /** Kustomize: the resource file (`path:`) or the generator's kustomization (`configuredIn:`), as written. */
  readonly origin?: string;
}

const SOURCE_COMMENT = /^# Source: (.+?)\s*$/m;

function originOf(value: unknown): string | undefined {
  if (!isRecord(value) || !isRecord(value.metadata) || !isRecord(value.metadata.annotations)) return undefined;
  const text = value.metadata.annotations[ORIGIN_ANNOTATION];
  if (typeof text !== 'string') return undefined;
  const read = readDocument(text, 1);
  if (!('value' in read) || !isRecord(read.value) || read.value.repo !== undefined) return undefined;
  const { path, configuredIn } = read.value;
  return typeof path === 'string' ? path : typeof configuredIn === 'string' ? configuredIn : undefined;
}

/** Each document's top-level object (not a `List` item), by document index. */
export function rootObjects(source: SourceFile): Map<number, LoadedObject> {
  const roots = new Map<number, LoadedObject>();
  for (const object of source.objects) if (object.pathPrefix.length === 0 && !roots.has(object.documentIndex)) roots.set(object.documentIndex, object);
  return roots;
}

/** One entry per document of `text` (the documents `source` was loaded from). */
export function documentOrigins(text: string, source: SourceFile): DocumentOrigin[] {
  const seen = new Map<string, number>();
  const roots = rootObjects(source);
  return documentSpans(text).map((span, index) => {
    const template = SOURCE_COMMENT.exec(text.slice(span.start, span.end))?.[1];
    if (template !== undefined) {
      const ordinal = seen.get(template) ?? 0;
      seen.set(template, ordinal + 1);
      return { template, ordinal };
    }
    const object = roots.get(index);
    const origin = object ? originOf(object.value) : undefined;
    return origin !== undefined ? { origin } : {};
  });
}

/** True when rendered text says where its documents came from (for stdin). */
export function isRendered(origins: readonly DocumentOrigin[]): boolean {
  return origins.some((origin) => origin.template !== undefined || origin.origin !== undefined);
}
