/** `--format sarif`: schema-valid SARIF 2.1.0 that GitHub code scanning ingests, with stable fingerprints. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log, Result } from 'sarif';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { readRuleHelp } from '../src/report/rule-help.js';
import { countFindings, ROOT, runCli, tempTree } from './helpers/cli.js';
import { itWhere } from './helpers/skip.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
const validateSarif = ajv.compile(schema);

function sarifOf(args: readonly string[], cwd?: string): { log: Log; status: number | null; text: string } {
  const result = runCli(['--format', 'sarif', ...args], cwd === undefined ? {} : { cwd });
  expect(result.stderr).toBe('');
  return { log: JSON.parse(result.stdout) as Log, status: result.status, text: result.stdout };
}

function resultsOf(log: Log): Result[] {
  return log.runs[0]?.results ?? [];
}

/** The examples, and an unrendered Helm template: the run has a parse-error result too. */
const EXAMPLE_PATHS = ['fixtures/examples/', 'fixtures/sarif/unrendered-template.yaml'];
const examples = sarifOf(EXAMPLE_PATHS);

describe('SARIF for fixtures/examples/', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    const valid = validateSarif(examples.log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(examples.status).toBe(1);
    expect(resultsOf(examples.log)).toHaveLength(countFindings(EXAMPLE_PATHS).total);
    expect(resultsOf(examples.log).filter((result) => result.ruleId === 'parse-error')).toHaveLength(1);
    expect(resultsOf(examples.log).length).toBeGreaterThan(8);
  });

  it('gives every result a region with lines and columns, as findings carry them (no ±1)', () => {
    const json = JSON.parse(runCli(['--format', 'json', ...EXAMPLE_PATHS]).stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number; endLine: number; endColumn: number }[] }[];
    const expected = json.flatMap((file) =>
      file.messages.map((m) => ({ uri: file.filePath, ruleId: m.ruleId, region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn } })),
    );
    const actual = resultsOf(examples.log).map((result) => {
      const physical = result.locations?.[0]?.physicalLocation;
      return { uri: physical?.artifactLocation?.uri, ruleId: result.ruleId, region: physical?.region };
    });
    expect(actual).toEqual(expected);
    for (const result of resultsOf(examples.log)) {
      expect(result.locations?.[0]?.physicalLocation?.artifactLocation?.uriBaseId).toBe('%SRCROOT%');
    }
    expect(examples.log.runs[0]?.columnKind).toBe('utf16CodeUnits');
  });

  it('describes every enabled rule, and each result points at its rule by id and index', () => {
    const driver = examples.log.runs[0]!.tool.driver;
    const listed = runCli(['--list-rules']).stdout.split('\n').filter((line) => /\s(error|warning)\s/.test(line)).map((line) => line.split(/\s+/)[0]);
    expect(driver.rules!.map((rule) => rule.id)).toEqual([...listed, 'parse-error']);
    expect(driver).toMatchObject({ name: 'sidecar-lint', version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown, informationUri: expect.stringMatching(/^https:\/\//) as unknown });
    for (const rule of driver.rules!) {
      expect(rule.shortDescription?.text).toMatch(/\.$/);
      expect(rule.help?.markdown).toBeTruthy();
      expect(rule.help?.text).toBeTruthy();
      expect(rule.defaultConfiguration?.level).toMatch(/^(error|warning)$/);
      expect(rule.properties?.tags).toContain('kubernetes');
      expect(rule.properties?.precision).toMatch(/^(very-high|high|medium|low)$/);
      expect(rule.properties?.['problem.severity']).toBe(rule.defaultConfiguration?.level);
    }
    for (const rule of driver.rules!.filter((rule) => rule.id !== 'parse-error')) {
      expect(rule.helpUri).toMatch(new RegExp(`/blob/main/rules/${rule.id}\\.md$`));
    }
    // parse-error, unused-suppression and internal-error have pages of their own, like rules.
    const parseError = driver.rules!.find((rule) => rule.id === 'parse-error')!;
    expect(parseError.helpUri).toBe('https://github.com/sidecar-lint/sidecar-lint/blob/main/docs/rules/parse-error.md');
    expect(parseError.help!.markdown).toContain('## How to suppress it');
    expect(parseError.fullDescription!.text).toMatch(/^Every file is decoded/);
    for (const result of resultsOf(examples.log)) {
      expect(driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId);
      expect(result.level).toMatch(/^(error|warning)$/);
      expect(result.message.text).toMatch(result.ruleId === 'parse-error' ? /^YAML syntax error: / : /^[A-Z]\w+\/[\w./-]+: .*\.$/);
    }
  });

  it('names the object and the container as logical locations', () => {
    const result = resultsOf(examples.log).find((r) => r.ruleId === 'job-sidecar-blocks-completion')!;
    expect(result.locations![0]!.logicalLocations).toEqual([
      { name: 'nightly-report', fullyQualifiedName: 'Job//nightly-report', kind: 'resource' },
      { name: 'cloud-sql-proxy', fullyQualifiedName: 'Job//nightly-report/cloud-sql-proxy', kind: 'member' },
    ]);
  });

  it('omits rules that are off, and uses configured severities', () => {
    const dir = tempTree({ '.sidecar-lint.yaml': 'rules:\n  shared-volume-unshared: off\n  setup-in-init-container: error\n' });
    const { log } = sarifOf(['--config', join(dir, '.sidecar-lint.yaml'), 'fixtures/examples/']);
    const rules = log.runs[0]!.tool.driver.rules!;
    expect(rules.map((rule) => rule.id)).not.toContain('shared-volume-unshared');
    expect(rules.find((rule) => rule.id === 'setup-in-init-container')?.defaultConfiguration?.level).toBe('error');
    expect(resultsOf(log).find((r) => r.ruleId === 'setup-in-init-container')?.level).toBe('error');
  });
});

const DEPLOYMENT = readFileSync(join(ROOT, 'fixtures/examples/bad-deployment.yaml'), 'utf8');
const JOB = readFileSync(join(ROOT, 'fixtures/examples/bad-job.yaml'), 'utf8');

describe('partialFingerprints', () => {
  const fingerprints = (log: Log) => resultsOf(log).map((result) => [result.ruleId, result.partialFingerprints]);
  const lines = (log: Log) => resultsOf(log).map((result) => result.locations?.[0]?.physicalLocation?.region?.startLine);

  it('stay the same when unrelated lines are inserted, though the lines move', () => {
    const before = sarifOf(['.'], tempTree({ 'deploy.yaml': DEPLOYMENT, 'job.yaml': JOB })).log;
    const moved = tempTree({
      'deploy.yaml': `# A comment\n# and another\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n---\n${DEPLOYMENT.replace('metadata:\n', 'metadata:\n  labels:\n    team: payments\n')}`,
      'job.yaml': JOB.replace('spec:\n  template:', 'spec:\n  backoffLimit: 2\n\n  template:'),
    });
    const after = sarifOf(['.'], moved).log;
    expect(lines(after)).not.toEqual(lines(before));
    expect(fingerprints(after)).toEqual(fingerprints(before));
    const all = resultsOf(before).map((result) => Object.values(result.partialFingerprints ?? {})[0]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('change with the file, the object, the container or the field', () => {
    const base = sarifOf(['.'], tempTree({ 'job.yaml': JOB })).log;
    const renamedFile = sarifOf(['.'], tempTree({ 'job2.yaml': JOB })).log;
    const renamedObject = sarifOf(['.'], tempTree({ 'job.yaml': JOB.replace('name: nightly-report', 'name: weekly-report') })).log;
    const first = (log: Log, rule: string) => resultsOf(log).find((r) => r.ruleId === rule)?.partialFingerprints;
    for (const other of [renamedFile, renamedObject]) {
      expect(first(other, 'init-container-never-exits')).not.toEqual(first(base, 'init-container-never-exits'));
    }
  });
});

describe('plugin rules and policies', () => {
  it('validate too; a docs URL becomes helpUri, a local file: URL is left out', () => {
    const plugins = sarifOf(['--config', 'fixtures/plugins/.sidecar-lint.yaml', 'fixtures/plugins/']).log;
    const policies = sarifOf(['--config', 'fixtures/policies/.sidecar-lint.yaml', 'fixtures/policies/']).log;
    for (const log of [plugins, policies]) expect(validateSarif(log)).toBe(true);
    const plugin = plugins.runs[0]!.tool.driver.rules!.find((rule) => rule.id.includes('/'))!;
    expect(plugin.helpUri).toMatch(/^https:\/\//);
    const policy = policies.runs[0]!.tool.driver.rules!.find((rule) => rule.id === 'require-log-shipper')!;
    expect(policy.helpUri).toBeUndefined();
    expect(resultsOf(policies).some((result) => result.ruleId === 'require-log-shipper')).toBe(true);
    expect(JSON.stringify(policies)).not.toContain('file://');
  });
});

describe('parse errors and inputs', () => {
  it('describes unused-suppression like a rule, with its page as helpUri, and every pseudo-rule has a page', () => {
    const dir = tempTree({ 'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    sidecar-lint.io/ignore: setup-in-init-container\nspec:\n  containers:\n    - name: web\n      image: nginx\n' });
    const { log } = sarifOf(['--report-unused-suppressions', 'pod.yaml'], dir);
    expect(validateSarif(log)).toBe(true);
    const [result] = resultsOf(log);
    const descriptor = log.runs[0]!.tool.driver.rules![result!.ruleIndex!]!;
    expect(descriptor).toMatchObject({ id: 'unused-suppression', helpUri: 'https://github.com/sidecar-lint/sidecar-lint/blob/main/docs/rules/unused-suppression.md', defaultConfiguration: { level: 'warning' } });
    expect(descriptor.help!.text).toContain('A suppression outlives its reason');
    for (const id of ['parse-error', 'unused-suppression', 'internal-error']) {
      const page = readFileSync(join(ROOT, 'docs', 'rules', `${id}.md`), 'utf8');
      expect(page.startsWith(`# ${id}\n`)).toBe(true);
      expect(page).toContain('## What it checks');
    }
  });

  it('gives parse-error results their region', () => {
    const dir = tempTree({ 'chart.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n  labels: {{- include "labels" . | nindent 4 }}\n' });
    const { log } = sarifOf(['chart.yaml'], dir);
    expect(validateSarif(log)).toBe(true);
    const [result] = resultsOf(log);
    expect(result).toMatchObject({ ruleId: 'parse-error', level: 'error' });
    const region = result!.locations![0]!.physicalLocation!.region!;
    expect(region.startLine).toBeGreaterThanOrEqual(4);
    expect(region.startColumn).toBeGreaterThanOrEqual(1);
    expect(region.endLine).toBeGreaterThanOrEqual(region.startLine!);
    expect(log.runs[0]!.tool.driver.rules![result!.ruleIndex!]!.id).toBe('parse-error');
  });

  it('writes URIs relative to the repository root, percent-encoded, with forward slashes', () => {
    const repo = mkdtempSync(join(tmpdir(), 'sidecar-lint-repo-'));
    mkdirSync(join(repo, '.git'));
    mkdirSync(join(repo, 'deploy', 'my apps'), { recursive: true });
    writeFileSync(join(repo, 'deploy', 'my apps', 'job.yaml'), JOB);
    const { log } = sarifOf(['my apps'], join(repo, 'deploy'));
    const location = resultsOf(log)[0]!.locations![0]!.physicalLocation!.artifactLocation!;
    expect(location).toEqual({ uri: 'deploy/my%20apps/job.yaml', uriBaseId: '%SRCROOT%' });
  });

  it('sets automationDetails.id from --sarif-category, ending in a slash as GitHub expects', () => {
    const { log } = sarifOf(['--sarif-category', 'manifests/staging', 'fixtures/examples/log-shipping-pod.yaml']);
    expect(log.runs[0]!.automationDetails).toEqual({ id: 'manifests/staging/' });
    expect(validateSarif(log)).toBe(true);
    expect(runCli(['--sarif-category', 'x', 'fixtures/examples/'])).toMatchObject({ status: 2, stderr: 'sidecar-lint: --sarif-category applies to --format sarif or --sarif-output only\n' });
  });

  it('--sarif-output writes the same run as SARIF beside the chosen format, creating its folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-sarif-output-'));
    const file = join(dir, 'reports', 'deep', 'run.sarif');
    const result = runCli(['--sarif-output', file, '--sarif-category', 'ex', 'fixtures/examples/bad-job.yaml']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(runCli(['fixtures/examples/bad-job.yaml']).stdout);
    const log = JSON.parse(readFileSync(file, 'utf8')) as Log;
    expect(validateSarif(log)).toBe(true);
    expect(log.runs[0]!.automationDetails).toEqual({ id: 'ex/' });
    expect(resultsOf(log).map((entry) => entry.ruleId)).toEqual(resultsOf(sarifOf(['fixtures/examples/bad-job.yaml']).log).map((entry) => entry.ruleId));
  });

  it('marks the run unsuccessful, with a notification, when a path cannot be read', () => {
    const result = runCli(['--format', 'sarif', 'missing.yaml', 'fixtures/examples/bad-job.yaml']);
    expect(result.status).toBe(2);
    const log = JSON.parse(result.stdout) as Log;
    expect(validateSarif(log)).toBe(true);
    expect(log.runs[0]!.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          { level: 'error', message: { text: 'missing.yaml: cannot read: no such file or directory.' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'missing.yaml', uriBaseId: '%SRCROOT%' } } }] },
        ],
      },
    ]);
    // SARIF is for machines: a person at the terminal is told on stderr too.
    expect(result.stderr).toBe('sidecar-lint: missing.yaml: cannot read: no such file or directory\n');
    expect(resultsOf(log)).toHaveLength(countFindings(['fixtures/examples/bad-job.yaml']).total);
  });

  it('writes the report to --output-file', () => {
    const dir = tempTree({ 'job.yaml': JOB });
    const result = runCli(['--format', 'sarif', '--output-file', 'out.sarif', 'job.yaml'], { cwd: dir });
    expect(result).toMatchObject({ status: 1, stdout: '' });
    expect(validateSarif(JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')))).toBe(true);
  });
});

describe('rule help from the rule page', () => {
  const meta = { id: 'demo-rule', description: 'Disallow demos', severity: 'error' as const, docs: 'rules/demo-rule.md', messages: {} };

  it('reads meta.docs under the package root, as Markdown and plain text', () => {
    const root = tempTree({});
    mkdirSync(join(root, 'rules'));
    writeFileSync(join(root, 'rules', 'demo-rule.md'), '# demo-rule\n\nDisallow demos.\n\n## What it checks\n\nA `demo` container in **any** pod (see [other](other-rule.md)).\n\n## Why it matters\n\nSee [the docs](https://example.com).\n');
    const help = readRuleHelp(meta, root, 'https://example.org/repo/blob/main/rules/demo-rule.md');
    expect(help.markdown).toBe('Disallow demos.\n\n## What it checks\n\nA `demo` container in **any** pod (see [other](https://example.org/repo/blob/main/rules/other-rule.md)).\n\n## Why it matters\n\nSee [the docs](https://example.com).');
    expect(help.text).toBe('Disallow demos.\n\nWhat it checks\n\nA demo container in any pod (see other).\n\nWhy it matters\n\nSee the docs.');
    expect(help.fullDescription).toBe('A demo container in any pod (see other).');
  });

  it('falls back to the description when the page is missing or is a URL', () => {
    expect(readRuleHelp(meta, tempTree({}))).toEqual({ text: 'Disallow demos.', markdown: 'Disallow demos.' });
    expect(readRuleHelp({ ...meta, docs: 'https://example.com/demo' }, ROOT)).toEqual({ text: 'Disallow demos.', markdown: 'Disallow demos.' });
  });

  it('puts each built-in rule page into its SARIF descriptor', () => {
    for (const rule of examples.log.runs[0]!.tool.driver.rules!.filter((descriptor) => descriptor.id !== 'parse-error')) {
      const page = readFileSync(join(ROOT, 'rules', `${rule.id}.md`), 'utf8');
      expect(rule.help?.markdown).toContain('## Why it matters');
      expect(rule.help?.markdown).toContain(page.split('\n## Why it matters\n')[1]!.split('\n## ')[0]!.trim().split('\n')[0]!);
      expect(rule.help?.text).not.toMatch(/^#/m);
      expect(rule.fullDescription?.text).not.toBe(rule.shortDescription?.text);
    }
  });
});

/** The multitool's exit code says nothing about what it found: read the log it writes. */
function multitoolBinary(): string | undefined {
  try {
    const binary = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function multitool(sarifFile: string): { ruleId: string; level: string; text: string }[] {
  const binary = multitoolBinary()!;
  const out = join(mkdtempSync(join(tmpdir(), 'sidecar-lint-mt-')), 'validation.sarif');
  const config = join(import.meta.dirname, 'sarif', 'multitool-ghas.config.xml');
  const run = spawnSync(binary, ['validate', '--rule-kind', 'Sarif;Ghas', '--config', config, '--output', out, sarifFile], { encoding: 'utf8', timeout: 60_000 });
  if (run.error) throw run.error;
  const log = JSON.parse(readFileSync(out, 'utf8')) as Log;
  return resultsOf(log)
    .filter((result) => result.level === 'error' || result.level === 'warning')
    .map((result) => ({ ruleId: result.ruleId ?? '', level: result.level ?? '', text: result.message.text ?? JSON.stringify(result.message.arguments) }));
}

describe('@microsoft/sarif-multitool validate --rule-kind "Sarif;Ghas"', () => {
  const available = multitoolBinary() !== undefined;
  const noBinary = available ? undefined : '@microsoft/sarif-multitool has no binary for this platform (SARIF checked against the schema only)';
  itWhere(noBinary, 'reports no error or warning on fixtures/examples/', () => {
    const dir = tempTree({ 'examples.sarif': examples.text });
    expect(multitool(join(dir, 'examples.sarif'))).toEqual([]);
  });

  itWhere(noBinary, 'does catch what GitHub rejects (so the check above can fail)', () => {
    const broken = structuredClone(examples.log);
    const location = broken.runs[0]!.results![0]!.locations![0]!.physicalLocation!;
    location.artifactLocation = { uri: 'file:///home/me/job.yaml' };
    delete location.region;
    const dir = tempTree({ 'broken.sarif': JSON.stringify(broken) });
    const ids = new Set(multitool(join(dir, 'broken.sarif')).map((finding) => finding.ruleId));
    expect(ids).toContain('GH1003');
    expect(ids).toContain('GH1006');
  });
});
