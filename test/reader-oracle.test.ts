/**
 * The reader of record against libyaml, the C library go-yaml v2 (the API server's YAML reader) was
 * ported from: on every fixture and every file of the bulk corpus, the same documents accepted and
 * rejected, and the same values under go-yaml v2's YAML 1.1 scalar rules.
 * Skipped, visibly, without python3-yaml or without ../shared beside the project.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownDifference } from './helpers/reader-differences.js';
import { disagreement, oracleMissing, oracleRead } from './helpers/reader-oracle.js';
import { itWhere, describeWhere } from './helpers/skip.js';

const root = resolve(import.meta.dirname, '..');
const bulk = resolve(root, '../shared/corpus/bulk');
const missing = oracleMissing();

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** UTF-8 text as the linter reads it (BOM dropped); undefined for files that are not (binary fixtures). */
function textOf(path: string): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch {
    return undefined;
  }
}

/** Disagreements outside the known differences, and the known ones met (by name and file). */
function disagreements(paths: readonly string[], known: string[] = []): string[] {
  const oracle = oracleRead(paths);
  const found: string[] = [];
  paths.forEach((path, index) => {
    const text = textOf(path);
    const theirs = oracle[index];
    if (text === undefined || text.includes('\0') || theirs === undefined) return;
    const problem = disagreement(text, theirs);
    if (problem === undefined) return;
    const difference = knownDifference(text, problem, theirs);
    if (difference) known.push(`${difference.name}: ${path.split('/').pop()}`);
    else found.push(`${path.slice(root.length + 1)}: ${problem}`);
  });
  return found;
}

describeWhere(missing, 'the reader agrees with libyaml', () => {
  it('on every fixture', () => {
    expect(disagreements(yamlFiles(join(root, 'fixtures')))).toEqual([]);
  });

  itWhere(existsSync(bulk) ? undefined : '../shared/corpus/bulk not found', 'on every file of the bulk corpus', () => {
    const paths = readdirSync(bulk).map((name) => join(bulk, name)).sort();
    expect(paths.length).toBeGreaterThan(4000);
    const known: string[] = [];
    expect(disagreements(paths, known)).toEqual([]);
    expect(known).toEqual(['colon inside a plain scalar in a flow collection: istio__istio__pkg__config__validation__testdata__crds__serviceentry-valid.yaml']);
  }, 300_000);
});
