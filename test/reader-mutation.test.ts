/**
 * Mutations of real manifests against libyaml: delete, duplicate or swap one character or line, or
 * insert a tab, a no-break space, `}`, a quote or a `---` line. For each mutated text the linter
 * must not throw, and it must accept or reject the text as libyaml does (documents before the first
 * rejected one read alike, as test/helpers/reader-oracle.ts compares). Sources: every fixture, and
 * 400 files of ../shared/corpus/bulk when it is there. MUTATION_CASES sets the number of cases
 * (10,000 by default; `npm run fuzz` runs 1,000,000), MUTATION_SEED the seed.
 * Skipped, visibly, without python3-yaml.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { random as generator } from '../bench/corpus.js';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import type { EngineOptions } from '../src/engine/lint-source.js';
import { lintText } from '../src/engine/lint.js';
import { disagreement, oracleMissing, oracleReadTexts } from './helpers/reader-oracle.js';
import { knownDifference } from './helpers/reader-differences.js';
import { describeWhere } from './helpers/skip.js';

const CASES = Number(process.env.MUTATION_CASES ?? 10_000);
const SEED = Number(process.env.MUTATION_SEED ?? 20261202);
/** Texts per call of the oracle: bounded memory for a million cases. */
const BATCH = 5_000;
const root = resolve(import.meta.dirname, '..');
const bulk = resolve(root, '../shared/corpus/bulk');
const missing = oracleMissing();

const INSERTS = ['\t', '\u00a0', '}', '"', "'", '\n---\n', ':', '- ', '#', '{', '['];

function mutate(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const lines = text.split('\n');
  const line = Math.floor(random() * lines.length);
  switch (Math.floor(random() * 7)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + text.slice(at, at + 1) + text.slice(at);
    case 2:
      return at + 1 < text.length ? text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2) : text;
    case 3:
      return lines.filter((_, index) => index !== line).join('\n');
    case 4:
      return [...lines.slice(0, line + 1), lines[line] ?? '', ...lines.slice(line + 1)].join('\n');
    default:
      return text.slice(0, at) + INSERTS[Math.floor(random() * INSERTS.length)] + text.slice(at);
  }
}

function sources(): string[] {
  const files = readdirSync(join(root, 'fixtures'), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
  if (existsSync(bulk)) {
    const all = readdirSync(bulk).sort();
    const random = generator(SEED);
    for (let index = 0; index < 400; index++) files.push(join(bulk, all[Math.floor(random() * all.length)] ?? ''));
  }
  return files
    .map((file) => readFileSync(file, 'utf8'))
    .filter((text) => !text.includes('\0') && text.length < 64 * 1024)
    .map((text) => text.replace(/^\uFEFF/, ''));
}

let engine: EngineOptions;
beforeAll(async () => {
  const config = await resolveConfig({}, builtinRules, {});
  engine = { rules: config.rules, kubernetesVersion: config.kubernetesVersion };
});

describeWhere(missing, 'mutated manifests', () => {
  it(`${CASES} mutations: no throw, accepted and rejected as libyaml does`, () => {
    const texts = sources();
    expect(texts.length).toBeGreaterThan(20);
    const random = generator(SEED + 1);
    const found: string[] = [];
    for (let done = 0; done < CASES && found.length < 20; done += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, CASES - done) }, () => mutate(texts[Math.floor(random() * texts.length)] ?? '', random));
      const oracle = oracleReadTexts(batch);
      batch.forEach((text, index) => {
        lintText('mutated.yaml', text, engine);
        const theirs = oracle[index];
        const problem = theirs && disagreement(text, theirs);
        if (problem && theirs && !knownDifference(text, problem, theirs)) found.push(`${problem}\n--- text ---\n${text.slice(0, 2000)}`);
      });
    }
    expect(found).toEqual([]);
  }, 1_800_000);
});
