/**
 * `explain --format yaml|json`: the objects as admission leaves them, one per object that holds a pod
 * spec, like `istioctl kube-inject -f`. YAML: a stream of documents written with YAML 1.1's scalar
 * rules (what kubectl reads: `"yes"` and `"on"` stay strings), each after a comment that says where it
 * came from and what was injected. JSON: a `v1` `List` of the same objects.
 */
import { Document, visit } from 'yaml';
import type { ExplainedPod } from '../engine/explain.js';
import { escapeForTerminal, escapeJsonForTerminal } from './terminal-escape.js';
import { objectLabel } from '../engine/lint-source.js';
import { injectionLine } from './timeline-layout.js';

/** One entry per object: its pods share one admitted object. */
function objectsOf(pods: readonly ExplainedPod[]): ExplainedPod[][] {
  const groups = new Map<string, ExplainedPod[]>();
  for (const pod of pods) {
    const key = JSON.stringify([pod.filePath, pod.documentIndex, pod.pathPrefix]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [pod]);
    else group.push(pod);
  }
  return [...groups.values()];
}


/**
 * Strings a terminal would act on, but for the line feed (block scalars keep scripts readable): such
 * a scalar is written double-quoted, where YAML escapes C0 controls itself and `\u` escapes (JSON's)
 * read back the same for the rest.
 */
// eslint-disable-next-line no-control-regex
const RISKY = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function yamlText(value: Record<string, unknown>, comment: string): string {
  const document = new Document(value, { version: '1.1', aliasDuplicateObjects: false });
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && RISKY.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  document.commentBefore = comment;
  return escapeJsonForTerminal(document.toString({ lineWidth: 0 }));
}

export function formatExplainYaml(pods: readonly ExplainedPod[]): string {
  return objectsOf(pods)
    .map((group) => {
      const first = group[0]!;
      const notes = [`${first.filePath}:${first.line} ${objectLabel(first.object)}`, ...group.flatMap((pod) => pod.injections.map(injectionLine))];
      // Comments are text from the manifests too: one line each, nothing a terminal acts on.
      return `---\n${yamlText(first.admitted, notes.map((note) => ` ${escapeForTerminal(note)}`).join('\n'))}`;
    })
    .join('');
}

export function formatExplainJson(pods: readonly ExplainedPod[]): string {
  const list = { apiVersion: 'v1', kind: 'List', items: objectsOf(pods).map((group) => group[0]!.admitted) };
  return `${escapeJsonForTerminal(JSON.stringify(list, null, 2))}\n`;
}
