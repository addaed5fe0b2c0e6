/**
 * Suppression comments in the YAML source:
 *   # sidecar-lint-disable-next-line rule-a, rule-b    the next line that is neither blank nor only a comment
 *   # sidecar-lint-disable rule-a                      from this line to the end of the YAML document
 * Without rule ids they apply to every rule; text after ` -- ` is a free-form reason.
 * Comments are found with the YAML parser's concrete syntax tree, so a `#` inside a block scalar or a
 * quoted string is never mistaken for one.
 */
import { Parser } from 'yaml';
import type { Position } from '../types.js';

export type DirectiveKind = 'disable-next-line' | 'disable';

export interface DirectiveRule {
  readonly id: string;
  /** Column (1-based) of the id in the comment. */
  readonly column: number;
}

export interface CommentDirective {
  readonly kind: DirectiveKind;
  readonly documentIndex: number;
  /** Position of the `#`. */
  readonly start: Position;
  /** Listed rules; empty means every rule. */
  readonly rules: readonly DirectiveRule[];
  /** For `disable-next-line`: the line it applies to (undefined when the document ends first). */
  readonly targetLine?: number;
}

const DIRECTIVE = /^#\s*sidecar-lint-(disable-next-line|disable)(?=\s|$)/;
/** Cheap pre-check: files without the word are never parsed a second time. */
export const DIRECTIVE_MARKER = 'sidecar-lint-disable';
/** The annotation that suppresses findings in an object (`…/ignore`) or one container (`…/ignore.<name>`). */
export const IGNORE_ANNOTATION = 'sidecar-lint.io/ignore';

interface CommentToken {
  readonly offset: number;
  readonly source: string;
  readonly documentIndex: number;
}

/** Every comment token of the CST, with the index of the document it belongs to, and where each document starts. */
function commentTokens(text: string): { tokens: CommentToken[]; documentStarts: number[] } {
  const found: CommentToken[] = [];
  const documentStarts: number[] = [];
  const walk = (node: unknown, documentIndex: number): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, documentIndex);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const token = node as { type?: unknown; offset?: unknown; source?: unknown };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      found.push({ offset: token.offset, source: token.source, documentIndex });
      return;
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'source') walk(value, documentIndex);
  };
  let documents = 0;
  for (const token of new Parser().parse(text)) {
    if (token.type === 'document') {
      documentStarts.push(token.offset);
      walk(token, documents);
      documents++;
    } else {
      // A comment between documents belongs to the document that follows it.
      walk(token, documents);
    }
  }
  return { tokens: found, documentStarts };
}

function parseRules(body: string, bodyColumn: number): DirectiveRule[] {
  const reason = /(^|\s)--(\s|$)/.exec(body);
  const list = reason ? body.slice(0, reason.index) : body;
  return [...list.matchAll(/[^\s,]+/g)].map((match) => ({ id: match[0], column: bodyColumn + (match.index ?? 0) }));
}

export interface DirectiveSource {
  readonly text: string;
  position(offset: number): Position;
  lineText(line: number): string;
  readonly lineCount: number;
}

export function scanDirectives(source: DirectiveSource): CommentDirective[] {
  if (!source.text.includes(DIRECTIVE_MARKER)) return [];
  const { tokens, documentStarts } = commentTokens(source.text);
  const startLines = documentStarts.map((offset) => source.position(offset).line);
  // Lines that hold only a comment: skipped when looking for the line after a directive.
  const commentOnly = new Set<number>();
  for (const token of tokens) {
    const { line, column } = source.position(token.offset);
    if (source.lineText(line).search(/\S/) + 1 === column) commentOnly.add(line);
  }
  const directives: CommentDirective[] = [];
  for (const token of tokens) {
    const match = DIRECTIVE.exec(token.source);
    if (!match) continue;
    const kind = match[1] as DirectiveKind;
    const start = source.position(token.offset);
    const rules = parseRules(token.source.slice(match[0].length), start.column + match[0].length);
    let targetLine: number | undefined;
    if (kind === 'disable-next-line') {
      for (let line = start.line + 1; line <= source.lineCount; line++) {
        if (commentOnly.has(line) || source.lineText(line).trim() === '') continue;
        targetLine = line;
        break;
      }
    }
    // The parser keeps comments that sit after a document's last content, just above the next `---`,
    // in that document; a reader takes them as the head of the next one.
    let documentIndex = token.documentIndex;
    const nextStart = startLines[documentIndex + 1];
    if (nextStart !== undefined && commentOnly.has(start.line)) {
      let onlyComments = true;
      for (let line = start.line + 1; line < nextStart && onlyComments; line++) {
        onlyComments = commentOnly.has(line) || source.lineText(line).trim() === '' || /^\.\.\.\s*$/.test(source.lineText(line));
      }
      if (onlyComments) documentIndex++;
    }
    directives.push({ kind, documentIndex, start, rules, ...(targetLine !== undefined ? { targetLine } : {}) });
  }
  return directives;
}
