/**
 * Hover on a pod spec's key (`spec:` of a Pod, `spec:` under `template:`): the pod's timeline as
 * `sidecar-lint explain` draws it — with what the injector profiles add, the shutdown, the Job's
 * verdict and the findings of the open document — in a code block.
 */
import { basename } from 'node:path';
import type { Hover, Position } from 'vscode-languageserver';
import { explainSource, joinFindings } from '../engine/explain.js';
import type { LoadedObject, SourceFile } from '../load/source.js';
import { formatTimeline } from '../report/timeline-text.js';
import { timelineOf } from '../report/timeline-layout.js';
import type { Finding } from '../types.js';
import type { LintSetup } from './configs.js';
import { rangeOf } from './diagnostics.js';

/** Columns of the hover's text: wide enough for the bars and their notes side by side. */
const HOVER_WIDTH = 100;

function contains(range: ReturnType<typeof rangeOf>, position: Position): boolean {
  return (position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character)) &&
    (position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character));
}

/** The key of a pod spec: the line where it starts, up to the end of the key. */
function keyRange(source: SourceFile, object: LoadedObject, path: readonly (string | number)[]) {
  const { region } = source.resolve(object.documentIndex, [...object.pathPrefix, ...path]);
  const range = rangeOf(region);
  const key = String(path[path.length - 1] ?? '');
  return { start: range.start, end: { line: range.start.line, character: range.start.character + key.length } };
}

export function podHover(source: SourceFile, findings: readonly Finding[], setup: LintSetup, position: Position): Hover | undefined {
  const pods = explainSource(source, setup.pods);
  for (const pod of pods) {
    const object = source.objects.find((item) => item.documentIndex === pod.documentIndex && item.pathPrefix.join('/') === pod.pathPrefix.join('/'));
    if (object === undefined || pod.podPath.length === 0) continue;
    const range = keyRange(source, object, pod.podPath);
    if (!contains(range, position)) continue;
    // The open file's own name is enough: the reader is in it.
    const name = basename(source.filePath);
    const [joined] = joinFindings([pod], [{ filePath: source.filePath, findings }]);
    const shown = { ...(joined ?? pod), filePath: name, findings: (joined ?? pod).findings.map((finding) => ({ ...finding, filePath: name })) };
    const text = formatTimeline(timelineOf(shown), { color: false, unicode: true, width: HOVER_WIDTH, kubernetesVersion: setup.pods.kubernetesVersion, cwd: '' });
    // A fence longer than any run of backticks the text holds.
    const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((run) => run[0].length + 1)));
    return { contents: { kind: 'markdown', value: `${fence}text\n${text}\n${fence}` }, range };
  }
  return undefined;
}
