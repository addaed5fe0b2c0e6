/**
 * Code actions for a finding: apply its fix, disable the rule for the next line with a comment,
 * ignore the rule for the container with the `sidecar-lint.io/ignore.<container>` annotation, open
 * the rule's page; and for the file, apply every fix (`source.fixAll.sidecar-lint`). Every edit is
 * the fixer's own (checked by parsing again) or is checked by linting the edited text: an action
 * that would not make the finding go away is not offered.
 */
import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applyFix } from '../fix/apply-fix.js';
import { IGNORE_ANNOTATION } from '../load/directives.js';
import { isRecord } from '../load/values.js';
import type { SourceFile } from '../load/source.js';
import type { Finding, FixOperation } from '../types.js';
import type { LintSetup } from './configs.js';
import { goneIn } from './lint-document.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.sidecar-lint`;
export const OPEN_DOCS_COMMAND = 'sidecar-lint.openRuleDocs';

/** What an action needs to know about the document and its last lint. */
export interface ActionContext {
  readonly document: TextDocument;
  readonly filePath: string;
  readonly setup: LintSetup;
  readonly source: SourceFile;
  readonly findings: readonly Finding[];
  readonly json: boolean;
}

function editsOf(document: TextDocument, splices: readonly { start: number; end: number; insert: string }[]): TextEdit[] {
  return splices.map((splice) => ({ range: { start: document.positionAt(splice.start), end: document.positionAt(splice.end) }, newText: splice.insert }));
}

function action(title: string, kind: string, uri: string, edits: TextEdit[], diagnostic?: Diagnostic): CodeAction {
  return { title, kind, ...(diagnostic ? { diagnostics: [diagnostic] } : {}), edit: { changes: { [uri]: edits } } };
}

function describeFix(fix: FixOperation, finding: Finding): string {
  switch (fix.kind) {
    case 'replace-in-scalar':
      return typeof fix.from === 'string' ? `replace "${fix.from}" with "${fix.to}"` : `edit ${[...fix.path].reverse().find((segment) => typeof segment === 'string') ?? 'the text'} to ${fix.to.replace(/\$\d/g, '')}`;
    case 'set':
      return `set ${fix.key}: ${String(fix.value)}`;
    case 'move-container':
      return `move container "${finding.container ?? '?'}" to initContainers${fix.set?.restartPolicy ? ' as a native sidecar' : ''}`;
  }
}

export function fixAction(context: ActionContext, finding: Finding, diagnostic: Diagnostic): CodeAction | undefined {
  if (!finding.fix) return undefined;
  const outcome = applyFix(context.document.getText(), finding.documentIndex, finding.fix);
  if ('refused' in outcome) return undefined;
  const fixed = action(`Fix ${finding.ruleId}: ${describeFix(finding.fix, finding)}`, CodeActionKind.QuickFix, context.document.uri, editsOf(context.document, outcome.splices), diagnostic);
  return { ...fixed, isPreferred: true };
}

/** One edit from the first to the last changed character: the whole fixed text, where it differs. */
function differenceEdit(document: TextDocument, before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { range: { start: document.positionAt(start), end: document.positionAt(endBefore) }, newText: after.slice(start, endAfter) };
}

export async function fixAllAction(context: ActionContext): Promise<CodeAction | undefined> {
  if (!context.findings.some((finding) => finding.fix)) return undefined;
  const before = context.document.getText();
  const result = await context.setup.fixAll(context.filePath, before);
  if (result.text === before) return undefined;
  const count = result.applied.length;
  return action(`Fix all sidecar-lint problems (${count})`, FIX_ALL_KIND, context.document.uri, [differenceEdit(context.document, before, result.text)]);
}

function lineStartOffset(document: TextDocument, line: number): number {
  return document.offsetAt({ line, character: 0 });
}

function applied(text: string, offset: number, insert: string): string {
  return text.slice(0, offset) + insert + text.slice(offset);
}

export async function disableNextLineAction(context: ActionContext, finding: Finding, diagnostic: Diagnostic): Promise<CodeAction | undefined> {
  if (context.json || finding.fatal) return undefined;
  const line = finding.region.start.line;
  const indent = /^[ \t]*/.exec(context.source.lineText(line))?.[0] ?? '';
  const eol = context.document.getText().includes('\r\n') ? '\r\n' : '\n';
  const insert = `${indent}# sidecar-lint-disable-next-line ${finding.ruleId}${eol}`;
  const offset = lineStartOffset(context.document, line - 1);
  if (!(await goneIn(context.filePath, applied(context.document.getText(), offset, insert), context.setup, finding, context.findings))) return undefined;
  const position = context.document.positionAt(offset);
  return action(`Disable ${finding.ruleId} for this line`, CodeActionKind.QuickFix, context.document.uri, [{ range: { start: position, end: position }, newText: insert }], diagnostic);
}

/** The object of the finding and where it sits in its document. */
function objectOf(source: SourceFile, finding: Finding) {
  const candidates = source.objects.filter((object) => object.documentIndex === finding.documentIndex);
  return candidates.find((object) => object.pathPrefix.every((segment, index) => finding.path?.[index] === segment) && object.pathPrefix.length > 0) ?? candidates.find((object) => object.pathPrefix.length === 0);
}

export async function ignoreContainerAction(context: ActionContext, finding: Finding, diagnostic: Diagnostic): Promise<CodeAction | undefined> {
  if (finding.container === undefined || finding.container.startsWith('#') || finding.fatal) return undefined;
  const object = objectOf(context.source, finding);
  if (!object || !isRecord(object.value.metadata)) return undefined;
  const key = `${IGNORE_ANNOTATION}.${finding.container}`;
  const annotations = object.value.metadata.annotations;
  const existing = isRecord(annotations) && typeof annotations[key] === 'string' ? annotations[key] : undefined;
  const value = existing !== undefined && existing.trim() !== '' ? `${existing},${finding.ruleId}` : finding.ruleId;
  const text = context.document.getText();
  const metadataPath = [...object.pathPrefix, 'metadata'];
  let splices: { start: number; end: number; insert: string }[];
  if (isRecord(annotations)) {
    const outcome = applyFix(text, finding.documentIndex, { kind: 'set', path: [...metadataPath, 'annotations'], key, value });
    if ('refused' in outcome) return undefined;
    splices = [...outcome.splices];
  } else {
    // No annotations yet: a new block under metadata, indented as metadata's first key.
    if (context.json) return undefined;
    const firstKey = Object.keys(object.value.metadata)[0];
    if (firstKey === undefined) return undefined;
    const metadataLine = context.source.resolve(finding.documentIndex, metadataPath).region.start.line;
    const child = context.source.resolve(finding.documentIndex, [...metadataPath, firstKey]).region.start;
    if (child.line === metadataLine) return undefined;
    const indent = context.source.lineText(child.line).slice(0, child.column - 1);
    if (indent.trim() !== '') return undefined;
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const offset = lineStartOffset(context.document, child.line - 1);
    splices = [{ start: offset, end: offset, insert: `${indent}annotations:${eol}${indent}  ${key}: ${JSON.stringify(value)}${eol}` }];
  }
  let edited = text;
  for (const splice of [...splices].sort((a, b) => b.start - a.start)) edited = edited.slice(0, splice.start) + splice.insert + edited.slice(splice.end);
  if (!(await goneIn(context.filePath, edited, context.setup, finding, context.findings))) return undefined;
  return action(`Ignore ${finding.ruleId} for container "${finding.container}" (annotation)`, CodeActionKind.QuickFix, context.document.uri, editsOf(context.document, splices), diagnostic);
}

export function docsAction(finding: Finding, href: string | undefined, diagnostic: Diagnostic): CodeAction | undefined {
  if (href === undefined) return undefined;
  return {
    title: `Open the page of ${finding.ruleId}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: `Open the page of ${finding.ruleId}`, command: OPEN_DOCS_COMMAND, arguments: [href] },
  };
}
