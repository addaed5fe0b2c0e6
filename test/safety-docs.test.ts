/**
 * docs/limits-and-safety.md says what a repository can make sidecar-lint do, for a security review:
 * what runs, what is read, what is written, what is never done; and its figures are the code's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CONFIG_FILE_BYTES, MAX_SHARED_FILE_BYTES } from '../src/config/config-text.js';
import { DEFAULT_RENDER_MAX_OUTPUT_BYTES, DEFAULT_RENDER_TIMEOUT_SECONDS } from '../src/render/settings.js';
import { memoryLimitOf } from '../src/render/tool.js';
import { ROOT } from './helpers/cli.js';

const PAGE = readFileSync(join(ROOT, 'docs', 'limits-and-safety.md'), 'utf8');
const HEADING = '## What a repository can make sidecar-lint do';
const SECTION = PAGE.slice(PAGE.indexOf(HEADING));
const MB = 1024 * 1024;

describe('what a repository can make sidecar-lint do (docs/limits-and-safety.md)', () => {
  it('has its section, in four parts', () => {
    expect(PAGE).toContain(`\n${HEADING}\n`);
    const parts = [...SECTION.matchAll(/^\*\*(What [^*]+)\.\*\*/gm)].map((match) => match[1]);
    expect(parts).toEqual(['What runs', 'What is read', 'What is written', 'What is never done']);
  });

  it('names everything a config can make run, and how to keep a pull request’s config out', () => {
    for (const named of ['`plugins:`', '`helm: {binary}`', '`kustomize: {binary}`', '`policies:`', '`kustomize: {allowRemote: true}`', '`--config`', 'trusts the\n  workspace']) {
      expect(SECTION, named).toContain(named);
    }
  });

  it('gives the limits the code has', () => {
    expect(SECTION).toContain(`\`render.timeoutSeconds\` (${DEFAULT_RENDER_TIMEOUT_SECONDS})`);
    expect(SECTION).toContain(`\`render.maxOutputBytes\` of output (${DEFAULT_RENDER_MAX_OUTPUT_BYTES / MB} MB)`);
    expect(SECTION).toContain(`(256 MB plus 16 times it: ${memoryLimitOf({ timeoutSeconds: 1, maxOutputBytes: DEFAULT_RENDER_MAX_OUTPUT_BYTES }) / MB} MB)`);
    expect(SECTION).toContain(`The config file (${MAX_CONFIG_FILE_BYTES / MB} MB at most; a \`package.json\` ${MAX_SHARED_FILE_BYTES / MB} MB)`);
    expect(SECTION).toContain('`ruleTimeoutSeconds`');
  });
});
