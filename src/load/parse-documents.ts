/**
 * Parsing a file's text into yaml documents, as the loader and the prefix check (`first-error.ts`)
 * both do: YAML 1.1 with kubectl's scalars, documents that exhaust the stack blanked out and
 * reported, and the words of a parse problem.
 */
import { Document, parseAllDocuments } from 'yaml';
import type { DocumentOptions, ErrorCode, ParseOptions, SchemaOptions, Tags } from 'yaml';

export type AnyDocument = Document.Parsed | Document;

/**
 * YAML 1.1 as kubectl reads it (go-yaml v2 into untyped values): `1:30` is not a base-60 number and
 * `2024-01-01` is not a timestamp; both stay strings, so rules and the schema see what the API server sees.
 */
function kubectlScalars(tags: Tags): Tags {
  return tags.filter((tag) => !(typeof tag === 'object' && (tag.format === 'TIME' || tag.tag === 'tag:yaml.org,2002:timestamp')));
}

/** How every document is read; `first-error.ts` composes with the same. */
export const PARSE_OPTIONS = {
  version: '1.1',
  customTags: kubectlScalars,
  prettyErrors: false,
  // yaml compares each new key with every earlier one (minutes for a map of 50,000 keys):
  // duplicates are found by inspect instead.
  uniqueKeys: false,
  keepSourceTokens: false,
  logLevel: 'silent',
} as const satisfies ParseOptions & DocumentOptions & SchemaOptions;

export function parseAll(text: string): AnyDocument[] {
  const parsed = parseAllDocuments(text, PARSE_OPTIONS);
  return Array.isArray(parsed) ? parsed : [];
}

const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;

/**
 * Parse all documents. yaml's parser recurses on deep block sequences and can exhaust the stack;
 * then each document that does so alone is blanked out (same length, same line breaks, so every
 * other position stays right), reported by its offset, and the rest is parsed again.
 */
export function parseDocuments(text: string): { documents: AnyDocument[]; tooDeep: number[] } {
  try {
    return { documents: parseAll(text), tooDeep: [] };
  } catch (thrown) {
    if (!(thrown instanceof RangeError) || !isStackOverflow(thrown.message)) throw thrown;
  }
  const starts = [0, ...[...text.matchAll(DOCUMENT_START)].map((match) => match.index).filter((index) => index > 0)];
  const tooDeep: number[] = [];
  let blanked = text;
  starts.forEach((start, index) => {
    const end = starts[index + 1] ?? text.length;
    let deep: boolean;
    try {
      // The parser recurses when a document ends, so the segment is tried with an end marker.
      deep = parseAll(`${text.slice(start, end)}\n---\n`).some((doc) => doc.errors.some((error) => error.code === 'RESOURCE_EXHAUSTION'));
    } catch {
      deep = true;
    }
    if (deep) {
      const from = start === 0 ? 0 : start + 3;
      blanked = blanked.slice(0, from) + text.slice(from, end).replace(/[^\n]/g, ' ') + blanked.slice(end);
      tooDeep.push(start);
    }
  });
  try {
    return { documents: parseAll(blanked), tooDeep };
  } catch {
    return { documents: [], tooDeep: [0] };
  }
}

export function parseErrorMessage(error: { readonly code: ErrorCode; readonly message: string }): string {
  return error.code === 'RESOURCE_EXHAUSTION' || isStackOverflow(error.message) ? TOO_DEEP : `YAML syntax error: ${firstLine(error.message)}`;
}

/** yaml's composer catches a stack overflow and reports it as an error (code RESOURCE_EXHAUSTION). */
export const TOO_DEEP = 'YAML document refused: it is nested too deeply to read (hundreds of levels); no manifest needs that.';

export function isStackOverflow(message: string): boolean {
  return /call stack/i.test(message);
}

export function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}
