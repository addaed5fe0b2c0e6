/**
 * Reading the text of a config file or a policy schema file: within a size limit (a link to
 * /dev/zero would be read forever), and YAML parsed with every failure as a message naming the line
 * and column, an alias bomb included (yaml throws it while converting, with no position).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isAlias, isCollection, isScalar, parseDocument, visit } from 'yaml';
import type { Document, DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';

const MB = 1024 * 1024;
/** A config file is a few kB; what is larger is not one. */
export const MAX_CONFIG_FILE_BYTES = 1 * MB;
/** package.json and schema files may be generated: as large as a manifest may be (`--max-file-size`'s default). */
export const MAX_SHARED_FILE_BYTES = 20 * MB;

/** `limit` bytes at most of a file, device or pipe, decoded as UTF-8; undefined when there is more. Throws the system's errors. */
export function readTextWithin(file: string, limit: number): string | undefined {
  const fd = openSync(file, 'r');
  try {
    if (fstatSync(fd).size > limit) return undefined;
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.allocUnsafe(64 * 1024);
    for (;;) {
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, limit + 1 - total), null);
      if (read === 0) break;
      total += read;
      if (total > limit) return undefined;
      chunks.push(Buffer.from(buffer.subarray(0, read)));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export function formatLimit(bytes: number): string {
  return `${bytes / MB} MB`;
}

/** A parsed YAML value, or what is wrong with the text at which line and column. */
export type ParsedYaml = { readonly document: Document.Parsed; readonly value: unknown } | { readonly line: number; readonly column: number; readonly error: string };

/** 1-based line and column of an offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/**
 * Where an alias bomb starts: the first alias of a node that holds aliases itself (each level
 * multiplies the copies), else the first alias.
 */
function aliasBombAt(document: Document.Parsed): number {
  let first: number | undefined;
  let nested: number | undefined;
  visit(document, {
    Alias(_, alias) {
      const offset = alias.range?.[0] ?? 0;
      first ??= offset;
      const target = alias.resolve(document);
      let holdsAlias = false;
      if (isCollection(target)) {
        visit(target, {
          Alias() {
            holdsAlias = true;
            return visit.BREAK;
          },
        });
      } else holdsAlias = isAlias(target);
      if (holdsAlias) {
        nested = offset;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return nested ?? first ?? 0;
}

/**
 * Where the first key stands that repeats an earlier key of its map, with the rule yaml's own check
 * has (equal scalar values; a collection as a key is never a repeat), but one lookup per key: yaml
 * compares each key with every earlier one, 4 s for a config of 25,000 namespaces.
 */
function firstRepeatedKey(document: Document.Parsed): number | undefined {
  let found: number | undefined;
  visit(document, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const { key } of map.items) {
        if (!isScalar(key) || (typeof key.value === 'number' && Number.isNaN(key.value))) continue;
        const id = `${typeof key.value}:${String(key.value)}`;
        if (!seen.has(id)) seen.add(id);
        else if (found === undefined || (key.range?.[0] ?? 0) < found) found = key.range?.[0] ?? 0;
      }
    },
  });
  return found;
}

/** Parse one YAML document and convert it to plain values; yaml's own keys (`__proto__` too) stay ordinary keys. */
export function parseYamlText(text: string, options: ParseOptions & DocumentOptions & SchemaOptions = {}): ParsedYaml {
  const document = parseDocument(text, { prettyErrors: false, logLevel: 'silent', ...options, uniqueKeys: false });
  const syntax = document.errors[0];
  const repeated = firstRepeatedKey(document);
  if (repeated !== undefined && (syntax === undefined || repeated < syntax.pos[0])) {
    return { ...positionOf(text, repeated), error: 'YAML syntax error: Map keys must be unique' };
  }
  if (syntax) {
    // Without prettyErrors yaml gives the offset only: its line and column are ours to count.
    return { ...positionOf(text, syntax.pos[0]), error: `YAML syntax error: ${syntax.message.split('\n')[0]}` };
  }
  try {
    return { document, value: document.toJS() };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const unresolved = unresolvedAlias(document);
    if (unresolved !== undefined) {
      return { ...positionOf(text, unresolved.offset), error: `YAML alias *${unresolved.source} has no anchor &${unresolved.source} before it` };
    }
    // yaml refuses to expand more than 100 copies of an anchor's aliases ("billion laughs").
    if (!/alias/i.test(error.message)) throw error;
    return { ...positionOf(text, aliasBombAt(document)), error: 'YAML aliases refused: they would expand to more than 100 copies of a node (as in "billion laughs"); write the values out' };
  }
}

/** The first alias without an anchor before it (yaml throws for it while converting). */
function unresolvedAlias(document: Document.Parsed): { offset: number; source: string } | undefined {
  let found: { offset: number; source: string } | undefined;
  visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document) !== undefined) return undefined;
      found = { offset: alias.range?.[0] ?? 0, source: alias.source };
      return visit.BREAK;
    },
  });
  return found;
}
