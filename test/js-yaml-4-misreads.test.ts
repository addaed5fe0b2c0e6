/**
 * The scan that picks js-yaml 5 for a document (src/load/js-yaml-4-misreads.ts) says what one
 * regular expression over every line says, on every fixture, 1,500 files of the bulk corpus when
 * it is there, and mutations of them; and it picks the documents js-yaml 4 misreads, not ordinary ones.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { random as generator } from '../bench/corpus.js';
import { documentSpans } from '../src/load/documents.js';
import { misreadByJsYaml4 } from '../src/load/js-yaml-4-misreads.js';

/** The same language, line by line (a line ends at \r or \n). */
const REFERENCE =
  /(?<=^|[\r\n])(?:[ \t]*(?:-[ \t]+)*-[ \t]*(?:#[^\r\n]*)?(?=[\r\n]|$)|(?:---|\.\.\.)(?:[^ \t\r\n]|[ \t]+[-?](?=[ \t\r\n]|$)))/;

const root = resolve(import.meta.dirname, '..');
const bulk = resolve(root, '../shared/corpus/bulk');

function texts(): string[] {
  const files = readdirSync(join(root, 'fixtures'), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
  if (existsSync(bulk)) {
    const random = generator(20261204);
    const names = readdirSync(bulk).sort();
    for (let index = 0; index < 1_500; index++) files.push(join(bulk, names[Math.floor(random() * names.length)] ?? ''));
  }
  return files.map((file) => readFileSync(file, 'utf8'));
}

describe('the documents js-yaml 5 reads', () => {
  it('picks these and not their ordinary neighbours', () => {
    const picked = ['-\n', 'a:\n  - x\n  -\n', '  - # gone\n', '- - \r\n', 'a:\n\t-\t#x', '---apiVersion: v1\n', 'a: 1\n...b\n', '--- - a\n', '--- ? k\n'];
    const ordinary = ['---\napiVersion: v1\n', '- a\n- b\n', '  - name: x # c\n', 'a: b-\n', 'args: [-x, --y]\n', '--- |\n  x\n', '# -----\n', 'a: "x ---y"\n', '--- -1\n', ''];
    expect(picked.filter((text) => !misreadByJsYaml4(text))).toEqual([]);
    expect(ordinary.filter((text) => misreadByJsYaml4(text))).toEqual([]);
  });

  it(`says what one regular expression says, on every document of the fixtures${existsSync(bulk) ? ', 1,500 bulk-corpus files' : ''} and 20,000 mutations`, () => {
    if (!existsSync(bulk)) console.warn('SKIPPED in part: the bulk corpus (../shared/corpus/bulk) is absent.');
    const random = generator(20261203);
    const all = texts();
    const mutated = Array.from({ length: 20_000 }, () => {
      const text = all[Math.floor(random() * all.length)] ?? '';
      const at = Math.floor(random() * (text.length + 1));
      return text.slice(0, at) + ['-', '\n', '\r', ' ', '#', '---', '...', '- '][Math.floor(random() * 8)] + text.slice(at + Math.floor(random() * 3));
    });
    const differ: string[] = [];
    let pickedCount = 0;
    for (const text of [...all, ...mutated]) {
      for (const span of documentSpans(text)) {
        const document = text.slice(span.start, span.end);
        const ours = misreadByJsYaml4(document);
        if (ours) pickedCount++;
        if (ours !== REFERENCE.test(document)) differ.push(document.slice(0, 300));
      }
    }
    expect(differ).toEqual([]);
    expect(pickedCount).toBeGreaterThan(10);
  });
});
