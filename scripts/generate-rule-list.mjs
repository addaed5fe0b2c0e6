#!/usr/bin/env node
// Rewrites the rule list in README.md from rule metadata, and the package's size from `npm pack`.
// Run through `npm run docs` (it builds first).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRules } from '../dist/rules/index.js';
import { replaceRuleList } from '../dist/src/cli/rule-table.js';
import { packageSize, SIZE_PATTERN, sizeSentence } from './package-size.mjs';

const readmePath = join(import.meta.dirname, '..', 'README.md');
const before = readFileSync(readmePath, 'utf8');
const size = packageSize();
const after = replaceRuleList(before, builtinRules).replace(SIZE_PATTERN, sizeSentence(size.unpacked, size.tarball));
if (after === before) {
  console.log(`README.md rule list and package size are up to date (${builtinRules.length} rules).`);
} else {
  writeFileSync(readmePath, after);
  console.log(`README.md rewritten: ${builtinRules.length} rules, ${sizeSentence(size.unpacked, size.tarball)}.`);
}
