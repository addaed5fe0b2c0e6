#!/usr/bin/env node
// Rewrites the rule list in README.md from rule metadata. Run through `npm run docs` (it builds first).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRules } from '../dist/rules/index.js';
import { replaceRuleList } from '../dist/src/cli/rule-table.js';

const readmePath = join(import.meta.dirname, '..', 'README.md');
const before = readFileSync(readmePath, 'utf8');
const after = replaceRuleList(before, builtinRules);
if (after === before) {
  console.log(`README.md rule list is up to date (${builtinRules.length} rules).`);
} else {
  writeFileSync(readmePath, after);
  console.log(`README.md rule list rewritten (${builtinRules.length} rules).`);
}
