/**
 * Loading with the pre-scan: documents the pre-scan rules out are blanked before parsing, so the
 * YAML parser never composes them. A blanked document keeps its `---` line (document indexes do
 * not move) and its line breaks (line and column positions do not move); lines of composed
 * documents are unchanged, so findings are the same as with `loadSource` on the full text.
 */
import { DIRECTIVE_MARKER } from './directives.js';
import { planDocuments } from './prescan.js';
import type { DocumentPlan } from './prescan.js';
import { loadSource } from './source.js';
import { IGNORE_ANNOTATION } from './suppress.js';
import type { LoadOptions, SourceFile } from './source.js';

function blanked(text: string, plan: DocumentPlan): string {
  let breaks = 0;
  for (let at = text.indexOf('\n', plan.start); at !== -1 && at < plan.end; at = text.indexOf('\n', at + 1)) breaks++;
  return (plan.isDocument ? '---' : '') + '\n'.repeat(breaks);
}

/** The text the parser sees: composed documents as they are, the others blanked; undefined when nothing is skipped. */
export function maskedText(text: string): { readonly text: string; readonly composed: boolean } | undefined {
  // Suppression comments and ignore annotations count in every document (an unused one is
  // reported): parse them all.
  if (text.includes(DIRECTIVE_MARKER) || text.includes(IGNORE_ANNOTATION)) return undefined;
  const plans = planDocuments(text);
  if (plans === undefined || plans.every((plan) => plan.compose)) return undefined;
  const composed = plans.some((plan) => plan.compose);
  return { text: composed ? plans.map((plan) => (plan.compose ? text.slice(plan.start, plan.end) : blanked(text, plan))).join('') : '', composed };
}

/**
 * `loadSource` without stack traces: the YAML parser builds an Error for every syntax problem, and
 * capturing their stacks costs more than parsing a broken template. Messages are unchanged.
 */
export function loadWithoutStacks(filePath: string, text: string, options: LoadOptions = {}): SourceFile {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return loadSource(filePath, text, options);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** What `loadSource` gives for a file with no document (its name and `lineText` replaced by the caller's). */
let emptySource: SourceFile | undefined;

export function loadSelectively(filePath: string, text: string, options: LoadOptions = {}): SourceFile {
  const masked = maskedText(text);
  if (masked === undefined) return loadWithoutStacks(filePath, text, options);
  // Nothing left to parse (the usual case for files of CRDs, RBAC, config): no objects, no problems.
  const source = masked.composed ? loadWithoutStacks(filePath, masked.text, options) : (emptySource ??= loadSource('', ''));
  let starts: number[] | undefined;
  // Suppression comments may be looked up on any line: answer from the real text.
  const lineText = (line: number): string => {
    starts ??= lineStarts(text);
    const from = starts[line - 1];
    if (from === undefined) return '';
    const to = starts[line];
    return text.slice(from, to === undefined ? text.length : to).replace(/\r?\n$/, '');
  };
  return { ...source, filePath, lineText };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}
