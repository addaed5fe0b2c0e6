/**
 * The pre-scan: a cheap pass over a file's text, before any YAML parsing, that splits it into
 * documents and decides for each whether it must be composed. Composing (lexing, parsing, building
 * nodes) is most of a run's cost, and most bytes in real manifests are documents that cannot hold a
 * pod spec (CustomResourceDefinitions, ConfigMaps, RBAC…): those are skipped.
 *
 * A document is skipped only when the engine would report nothing for it, parse errors included:
 * - `wellformed.ts` proves it is block YAML the parser reads without error (anything it cannot
 *   prove, such as flow style, anchors, tags or template text, is composed), and
 * - it is no Kubernetes object (no `kind` or no `apiVersion`), or its kind never holds a pod spec
 *   (`kinds.ts`), or it is a custom kind without the `spec.template` or `spec.jobTemplate` where
 *   the engine looks for one (`workloads.ts`), or a `List` whose text names no workload.
 * Files with `%` directives or `...` document-end markers are composed whole. A line starting
 * `---` ends a document wherever it stands, block scalars included, exactly as the YAML parser
 * treats it, except inside a quoted scalar that never closes: `selective-load.ts` looks after that.
 */
import { mayHoldPodSpec } from './kinds.js';
import { hasUnusualCharacters, proveWellFormed } from './wellformed.js';
import { mayFindPodSpec, POD_SPEC_KINDS } from './workloads.js';

export interface DocumentPlan {
  /** Offset where the segment starts (its `---` line, or the start of the file). */
  readonly start: number;
  /** Offset where the next segment starts, or the length of the text. */
  readonly end: number;
  /** Whether the YAML parser counts this segment as a document (a comment-only preamble is not one). */
  readonly isDocument: boolean;
  /** Whether the document must be composed; false when it provably yields no finding. */
  readonly compose: boolean;
  /**
   * Composed only because the proof did not go through (text the proof cannot read, or a broken
   * document such as a template): its first error may show in a prefix (`first-error.ts`).
   */
  readonly unproven: boolean;
  /** The proof went through: the document is block YAML the parser reads without error. */
  readonly proven: boolean;
  /** Why, for tests and debugging. */
  readonly reason: string;
}

// Column-0 `---` or `...` followed by whitespace or end of line, and `%` directives.
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)|^%/gm;

/** The segments of a file and what to do with each; undefined means "compose the whole file". */
export function planDocuments(text: string): DocumentPlan[] | undefined {
  const starts = [0];
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(text); match !== null; match = MARKER.exec(text)) {
    if (match[0] !== '---') return undefined;
    if (match.index !== 0) starts.push(match.index);
  }
  // Characters the proof leaves to the parser: compose every document.
  const provable = !hasUnusualCharacters(text);
  return starts.map((start, index) => planSegment(text, start, starts[index + 1] ?? text.length, text.startsWith('---', start), provable));
}

function contains(text: string, needle: string, start: number, end: number): boolean {
  const at = text.indexOf(needle, start);
  return at !== -1 && at + needle.length <= end;
}

function planSegment(text: string, start: number, end: number, hasMarker: boolean, provable: boolean): DocumentPlan {
  const plan = (compose: boolean, reason: string, isDocument = true): DocumentPlan => ({ start, end, isDocument, compose, unproven: false, proven: true, reason });
  const unproven = (reason: string): DocumentPlan => ({ start, end, isDocument: true, compose: true, unproven: provable, proven: false, reason });
  let from = start;
  if (hasMarker) {
    const newline = text.indexOf('\n', start);
    const stop = newline === -1 || newline > end ? end : newline;
    const rest = text.slice(start + 3, stop).trim();
    if (rest !== '' && !rest.startsWith('#')) return unproven('content on the --- line');
    from = stop + 1;
  }
  const shape = provable ? proveWellFormed(text, from, end) : undefined;
  if (shape === undefined) return unproven('not proven well-formed');
  // A comment-only preamble before the first `---` is no document to the parser.
  if (!shape.hasContent) return plan(false, 'no content', hasMarker);
  const { kind, apiVersion } = shape;
  if (kind === undefined || apiVersion === undefined) return plan(false, 'not a Kubernetes object');
  if (kind.endsWith('List')) {
    // Items are objects of their own: skip only when no item can be a workload (no escape can spell one).
    if (contains(text, '\\', start, end) || contains(text, 'containers', start, end) || POD_SPEC_KINDS.some((name) => contains(text, name, start, end))) return plan(true, 'a List');
    return plan(false, 'a List without workloads');
  }
  if (!mayHoldPodSpec(apiVersion, kind)) return plan(false, `${kind} never holds a pod spec`);
  // Custom kinds: only with a spec.template or spec.jobTemplate, where the engine looks for one.
  if (mayFindPodSpec(kind, shape.specKeys)) return plan(true, `${kind} may hold a pod spec`);
  return plan(false, `${kind} has no spec.template`);
}
