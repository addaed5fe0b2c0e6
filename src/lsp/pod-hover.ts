/**
 * The pods of an open document as `sidecar-lint explain` draws them — with what the injector
 * profiles add, the shutdown, the Job's verdict and the document's findings: the hover on a pod
 * spec's key (`spec:` of a Pod, `spec:` under `template:`) shows its pod's timeline in a code block,
 * and the `sidecar-lint/explain` request (the editor's "explain the pod" command) gets the
 * timelines as text.
 */
import { basename } from 'node:path';
import type { Hover, Position } from 'vscode-languageserver';
import { explainSource, joinFindings } from '../engine/explain.js';
import type { ExplainedPod } from '../engine/explain.js';
import type { LoadedObject, SourceFile } from '../load/source.js';
import { formatTimeline } from '../report/timeline-text.js';
import { timelineOf } from '../report/timeline-layout.js';
import type { Finding } from '../types.js';
import type { LintSetup } from './configs.js';
import { rangeOf } from './diagnostics.js';

/** Columns of the text: wide enough for the bars and their notes side by side. */
const WIDTH = 100;

/** The request an editor sends for the timelines of an open document (`position`: the pod there, else all). */
export const EXPLAIN_REQUEST = 'sidecar-lint/explain';

export interface ExplainParams {
  readonly textDocument: { readonly uri: string };
  readonly position?: Position;
}

type Range = ReturnType<typeof rangeOf>;

function contains(range: Range, position: Position): boolean {
  return (position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character)) &&
    (position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character));
}

/** A pod with the object it belongs to, in the document. */
interface PodIn {
  readonly pod: ExplainedPod;
  readonly object: LoadedObject;
}

function podsIn(source: SourceFile, setup: LintSetup): PodIn[] {
  return explainSource(source, setup.pods).flatMap((pod) => {
    const object = source.objects.find((item) => item.documentIndex === pod.documentIndex && item.pathPrefix.join('/') === pod.pathPrefix.join('/'));
    return object === undefined || pod.podPath.length === 0 ? [] : [{ pod, object }];
  });
}

/** The key of a pod spec: the line where it starts, up to the end of the key. */
function keyRange(source: SourceFile, { object, pod }: PodIn): Range {
  const { region } = source.resolve(object.documentIndex, [...object.pathPrefix, ...pod.podPath]);
  const range = rangeOf(region);
  const key = String(pod.podPath[pod.podPath.length - 1] ?? '');
  return { start: range.start, end: { line: range.start.line, character: range.start.character + key.length } };
}

/** The whole object the pod belongs to. */
function objectRange(source: SourceFile, { object }: PodIn): Range {
  return rangeOf(source.resolve(object.documentIndex, object.pathPrefix).region);
}

/** One pod's timeline as text, with the document's findings about it, named by the file's own name. */
function timelineText(source: SourceFile, findings: readonly Finding[], setup: LintSetup, pod: ExplainedPod): string {
  // The open file's own name is enough: the reader is in it.
  const name = basename(source.filePath);
  const [joined] = joinFindings([pod], [{ filePath: source.filePath, findings }]);
  const shown = { ...(joined ?? pod), filePath: name, findings: (joined ?? pod).findings.map((finding) => ({ ...finding, filePath: name })) };
  return formatTimeline(timelineOf(shown), { color: false, unicode: true, width: WIDTH, kubernetesVersion: setup.pods.kubernetesVersion, cwd: '' });
}

export function podHover(source: SourceFile, findings: readonly Finding[], setup: LintSetup, position: Position): Hover | undefined {
  for (const found of podsIn(source, setup)) {
    const range = keyRange(source, found);
    if (!contains(range, position)) continue;
    const text = timelineText(source, findings, setup, found.pod);
    // A fence longer than any run of backticks the text holds.
    const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((run) => run[0].length + 1)));
    return { contents: { kind: 'markdown', value: `${fence}text\n${text}\n${fence}` }, range };
  }
  return undefined;
}

/**
 * The answer to `sidecar-lint/explain`: the timeline of the pod whose object holds `position`, or of
 * every pod of the document without one (or outside them); null when the document has no pod.
 */
export function explainText(source: SourceFile, findings: readonly Finding[], setup: LintSetup, position?: Position): { text: string } | null {
  const pods = podsIn(source, setup);
  if (pods.length === 0) return null;
  const at = position === undefined ? [] : pods.filter((found) => contains(objectRange(source, found), position));
  const chosen = at.length > 0 ? at.slice(-1) : pods;
  return { text: chosen.map((found) => timelineText(source, findings, setup, found.pod)).join('\n') };
}
