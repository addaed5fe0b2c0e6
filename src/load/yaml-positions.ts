/**
 * Positions: one document's text parsed by `yaml`, whose nodes keep their source ranges, when a
 * finding needs to say where a field is written. Values never come from here (`read-document.ts`
 * reads them); a document that `yaml` reads differently or not at all still has its findings,
 * placed at the closest node `yaml` found.
 */
import { parseDocument } from 'yaml';
import type { Document, DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';

export type AnyDocument = Document.Parsed | Document;

const PARSE_OPTIONS = {
  version: '1.1',
  prettyErrors: false,
  // yaml compares each new key with every earlier one (minutes for a map of 50,000 keys); keys are
  // checked by the reader of values.
  uniqueKeys: false,
  keepSourceTokens: false,
  logLevel: 'silent',
} as const satisfies ParseOptions & DocumentOptions & SchemaOptions;

/** The nodes of one document's text, or undefined when even `yaml` cannot build them (too deep). */
export function documentNodes(text: string): AnyDocument | undefined {
  try {
    return parseDocument(text, PARSE_OPTIONS);
  } catch {
    return undefined;
  }
}
