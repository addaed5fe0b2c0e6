/**
 * Rule pages (rules/<id>.md) follow one template, and their examples are linted through the real engine:
 * the first ```yaml block under "### Incorrect" must produce a finding of the rule, the first under
 * "### Correct" none. Rule metadata follows the wording conventions.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';
import { presetSeverity } from '../src/config/presets.js';
import type { AnyRule } from '../src/engine/rule.js';
import { settingsIn } from './helpers/expectations.js';

const ROOT = join(import.meta.dirname, '..');

interface Page {
  readonly lines: readonly string[];
  /** Headings outside code blocks, with their line index. */
  readonly headings: readonly { readonly text: string; readonly index: number }[];
}

function readPage(path: string): Page {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const headings: { text: string; index: number }[] = [];
  let fenced = false;
  lines.forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced && /^#{1,6} /.test(line)) headings.push({ text: line, index });
  });
  return { lines, headings };
}

function schemaProperties(rule: AnyRule): string[] {
  const properties = rule.meta.schema?.properties;
  return typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
}

function expectedHeadings(rule: AnyRule): string[] {
  return [
    `# ${rule.meta.id}`,
    '## What it checks',
    '## Why it matters',
    '## Examples',
    '### Incorrect',
    '### Correct',
    '## Kubernetes versions',
    ...(rule.meta.schema ? ['## Options', ...schemaProperties(rule).map((name) => `### \`${name}\``)] : []),
    '## How to suppress',
  ];
}

/** The first ```yaml block after the heading, before the next heading. */
function firstYamlUnder(page: Page, heading: string): string | undefined {
  const at = page.headings.findIndex((item) => item.text === heading);
  const from = page.headings[at];
  if (!from) return undefined;
  const to = page.headings[at + 1]?.index ?? page.lines.length;
  const open = page.lines.findIndex((line, index) => index > from.index && index < to && /^```ya?ml\s*$/.test(line));
  if (open === -1) return undefined;
  const close = page.lines.findIndex((line, index) => index > open && /^```\s*$/.test(line));
  return close === -1 ? undefined : page.lines.slice(open + 1, close).join('\n');
}

async function findingsOf(rule: AnyRule, text: string) {
  const settings = settingsIn(text);
  const severity = rule.meta.severity === 'off' ? 'warning' : rule.meta.severity;
  const config = await resolveConfig(
    {
      rules: { [rule.meta.id]: settings.options ? [severity, settings.options] : severity },
      ...(settings.kubeVersion ? { kubernetesVersion: settings.kubeVersion } : {}),
      ...(settings.injectors ? { injectors: settings.injectors } : {}),
      ...(settings.namespaces ? { namespaces: settings.namespaces } : {}),
    },
    [rule],
  );
  return lintText(`${rule.meta.docs} example`, text, config);
}

describe.each(builtinRules.map((rule) => [rule.meta.id, rule] as const))('%s docs', (id, rule) => {
  const path = join(ROOT, rule.meta.docs);

  it('live at meta.docs, rules/<id>.md', () => {
    expect(rule.meta.docs).toBe(`rules/${id}.md`);
    expect(existsSync(path)).toBe(true);
  });
  if (!existsSync(path)) return;
  const page = readPage(path);
  const body = page.lines.filter((line) => line.trim() !== '');

  it('have exactly the template headings, in order', () => {
    expect(page.headings.map((heading) => heading.text)).toEqual(expectedHeadings(rule));
  });

  it('start with the description, the severity line and the version-aware line', () => {
    expect(body[0]).toBe(`# ${id}`);
    expect(body[1]).toBe(`${rule.meta.description}.`);
    const severity = presetSeverity(rule.meta, 'recommended');
    const strict = presetSeverity(rule.meta, 'strict');
    const severityLine = body[2] ?? '';
    const match = /^- Default severity: `(error|warning|off)`(?: \(strict preset: `(error|warning|off)`\))?$/.exec(severityLine);
    expect(match, severityLine).not.toBeNull();
    expect(match?.[1]).toBe(severity);
    if (match?.[2] !== undefined || strict !== severity) expect(match?.[2]).toBe(strict);
    const versionLine = body[3] ?? '';
    if (rule.meta.versionAware) expect(versionLine).toMatch(/^- Version-aware: yes \(.+\)$/);
    else expect(versionLine).toBe('- Version-aware: no');
  });

  it('show an incorrect example that the rule reports', async () => {
    const example = firstYamlUnder(page, '### Incorrect');
    expect(example, 'a ```yaml block under ### Incorrect').toBeDefined();
    const findings = await findingsOf(rule, example ?? '');
    expect(findings.filter((finding) => finding.ruleId === 'parse-error')).toEqual([]);
    expect(findings.filter((finding) => finding.ruleId === id).length).toBeGreaterThan(0);
  });

  it('show a correct example that the rule accepts', async () => {
    const example = firstYamlUnder(page, '### Correct');
    expect(example, 'a ```yaml block under ### Correct').toBeDefined();
    const findings = await findingsOf(rule, example ?? '');
    expect(findings.map((finding) => `${finding.ruleId}: ${finding.message}`)).toEqual([]);
  });
});

describe('rule pages', () => {
  it('exist only for registered rules', () => {
    const pages = readdirSync(join(ROOT, 'rules')).filter((name) => name.endsWith('.md'));
    expect(pages.sort()).toEqual(builtinRules.map((rule) => `${rule.meta.id}.md`).sort());
  });
});

describe.each(builtinRules.map((rule) => [rule.meta.id, rule] as const))('%s metadata', (_id, rule) => {
  it('has a description in the imperative, without a trailing period', () => {
    expect(rule.meta.description).toMatch(/^(Require|Disallow|Enforce|Prefer) .+[^.]$/);
  });

  it('has message templates that end with a period', () => {
    for (const [messageId, template] of Object.entries(rule.meta.messages)) expect(template, messageId).toMatch(/\.$/);
  });
});
