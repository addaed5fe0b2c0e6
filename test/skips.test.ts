/**
 * Every test that may not run here says why: conditional skips go through test/helpers/skip.ts
 * (`itWhere`, `describeWhere`), whose reason test/reporters/skipped.ts lists once at the end of a
 * run. A bare `it.skipIf` would skip in silence.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

it('has no skip that gives no reason', () => {
  const files = readdirSync(join(ROOT, 'test'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !join(entry.parentPath, entry.name).endsWith(join('helpers', 'skip.ts')))
    .map((entry) => join(entry.parentPath, entry.name));
  const silent = files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, index) => (/\b(?:it|test|describe)\.(?:skipIf|runIf|skip)\(/.test(line) && !line.includes('/\\b(?:it') ? [`${relative(ROOT, file)}:${index + 1}`] : [])),
  );
  expect(silent).toEqual([]);
});
