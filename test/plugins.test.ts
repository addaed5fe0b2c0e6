/**
 * Rule plugins end to end (the built executable): a local plugin file and an npm package, their
 * rules configured, listed and reported like built-ins; a throwing plugin contained and reported
 * once; and the other config file forms (.sidecar-lint.json, package.json) with --print-config.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

/** A temporary folder with the given files (nested paths allowed). */
function tree(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

interface JsonMessage {
  ruleId: string;
  severity: number;
  message: string;
  line: number;
  column: number;
  container?: string;
}

function messagesOf(stdout: string): JsonMessage[] {
  return (JSON.parse(stdout) as { messages: JsonMessage[] }[]).flatMap((file) => file.messages);
}

const CONFIG = ['--config', 'fixtures/plugins/.sidecar-lint.yaml'];

describe('a plugin loaded from a local file', () => {
  it('reports its rule as <plugin>/<rule-id> in text and JSON', () => {
    const text = runCli([...CONFIG, '--format', 'compact', 'fixtures/plugins/pinned.yaml']);
    expect(text.stderr).toBe('');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(
      'fixtures/plugins/pinned.yaml:14:11  warning  Deployment/api: native sidecar "envoy" uses image "envoyproxy/envoy:v1.31.0" without a digest, so pods of one rollout can run different builds. Pin it as image@sha256:….  acme/sidecar-image-digest',
    );
    const json = runCli([...CONFIG, '--format', 'json', 'fixtures/plugins/pinned.yaml']);
    expect(messagesOf(json.stdout).map((message) => [message.ruleId, message.severity, message.line, message.column, message.container])).toEqual([
      ['acme/sidecar-image-digest', 1, 14, 11, 'envoy'],
    ]);
  });

  it('is configured like a built-in rule, listed by --list-rules and shown by --print-config', () => {
    const dir = tree({
      '.sidecar-lint.yaml': `plugins: [${JSON.stringify(join(process.cwd(), 'fixtures/plugins/acme-rules.mjs'))}]\nrules:\n  acme/sidecar-image-digest: off\n`,
    });
    const list = runCli(['--list-rules'], { cwd: dir });
    expect(list.stdout).toMatch(/^acme\/sidecar-image-digest +off +no +Require native sidecar images pinned by digest$/m);
    const printed = runCli([...CONFIG, '--print-config', 'fixtures/plugins/pinned.yaml']);
    expect(printed.status).toBe(0);
    const config = JSON.parse(printed.stdout) as { configFile: string; rules: Record<string, unknown>; plugins: { name: string; rules: string[] }[] };
    expect(config.configFile).toBe('fixtures/plugins/.sidecar-lint.yaml');
    expect(config.rules['acme/sidecar-image-digest']).toBe('warning');
    expect(config.rules['volume-mount-undefined']).toBe('error');
    expect(config.plugins).toMatchObject([{ name: 'acme', rules: ['acme/sidecar-image-digest'] }]);
  });
});

const THROWING_PLUGIN = `export default {
  name: 'boom',
  rules: [
    {
      meta: { id: 'explode', description: 'Always fails', severity: 'error', docs: 'README.md', messages: { never: 'never.' } },
      check() { throw new Error('cannot read properties of undefined'); },
    },
    {
      meta: { id: 'awaits', description: 'Async by mistake', severity: 'error', docs: 'README.md', messages: { never: 'never.' } },
      async check() { throw new Error('rejected later'); },
    },
    {
      meta: { id: 'no-latest', description: 'Disallow :latest images', severity: 'warning', docs: 'README.md', messages: { latest: 'container "{{name}}" uses a :latest image.' } },
      check(pod, context) {
        for (const info of pod.containers) {
          if (String(info.container.image).endsWith(':latest')) context.report({ path: [...info.path, 'image'], messageId: 'latest', data: { name: info.name }, container: info });
        }
      },
    },
  ],
};
`;

const POD = (name: string, image: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: app
      image: ${image}
      volumeMounts:
        - { name: data, mountPath: /data }
`;

describe('a plugin rule that throws', () => {
  it('is reported once per rule per run as an internal error naming the plugin; the other rules still run; exit 2', () => {
    const dir = tree({
      '.sidecar-lint.yaml': 'plugins: [./boom.mjs]\n',
      'boom.mjs': THROWING_PLUGIN,
      'a.yaml': `${POD('one', 'app:latest')}---\n${POD('two', 'app:1')}`,
      'b.yaml': POD('three', 'app:latest'),
    });
    const result = runCli(['--format', 'json', 'a.yaml', 'b.yaml'], { cwd: dir });
    expect(result.status).toBe(2);
    const messages = messagesOf(result.stdout);
    const internal = messages.filter((message) => message.ruleId === 'internal-error');
    expect(internal).toHaveLength(2);
    expect(internal[1]?.message).toBe(
      'Pod/one: rule boom/explode from plugin "boom" failed on this pod spec (cannot read properties of undefined); its findings here and wherever else it fails in this run are missing. Report this to the plugin\'s authors, or turn the rule off.',
    );
    expect(internal[0]?.message).toBe(
      'Pod/one: rule boom/awaits from plugin "boom" failed on this pod spec (check() returned a Promise, but rules must be synchronous); its findings here and wherever else it fails in this run are missing. Report this to the plugin\'s authors, or turn the rule off.',
    );
    expect(result.stderr).toBe('');
    const counts = new Map<string, number>();
    for (const message of messages) counts.set(message.ruleId, (counts.get(message.ruleId) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ 'internal-error': 2, 'volume-mount-undefined': 3, 'boom/no-latest': 2 });
  });

  it('turned off, does not run', () => {
    const dir = tree({
      '.sidecar-lint.yaml': 'plugins: [./boom.mjs]\nrules:\n  boom/explode: off\n  boom/awaits: off\n',
      'boom.mjs': THROWING_PLUGIN,
      'a.yaml': POD('one', 'app:1').replace('      volumeMounts:\n        - { name: data, mountPath: /data }\n', ''),
    });
    const result = runCli(['a.yaml'], { cwd: dir });
    expect(result.stdout).toBe('No problems found (1 file checked).\n');
    expect(result.status).toBe(0);
  });
});

describe('plugins from npm packages, and config in package.json or .sidecar-lint.json', () => {
  const plugin = `export const rules = [{
  meta: { id: 'needs-team-label', description: 'Require a team label', severity: 'error', docs: 'docs/needs-team-label.md', messages: { missing: 'the object has no "team" label.' } },
  check(pod, context) { if (!pod.owner.labels.team) context.report({ path: ['metadata'], messageId: 'missing' }); },
}];
`;
  const files = {
    'node_modules/sidecar-lint-plugin-acme/package.json': JSON.stringify({ name: 'sidecar-lint-plugin-acme', type: 'module', exports: { '.': { import: './index.js' } } }),
    'node_modules/sidecar-lint-plugin-acme/index.js': plugin,
    'deploy/pod.yaml': POD('web', 'web:1').replace('      volumeMounts:\n        - { name: data, mountPath: /data }\n', ''),
  };

  it('resolves an ESM-only package next to package.json and names its rules after the package', () => {
    const dir = tree({
      ...files,
      'package.json': JSON.stringify({ name: 'infra', private: true, 'sidecar-lint': { plugins: ['sidecar-lint-plugin-acme'] } }),
    });
    const result = runCli(['--format', 'json', 'pod.yaml'], { cwd: join(dir, 'deploy') });
    expect(result.stderr).toBe('');
    expect(messagesOf(result.stdout).map((message) => [message.ruleId, message.line, message.column])).toEqual([['acme/needs-team-label', 3, 1]]);
    expect(result.status).toBe(1);
  });

  it('reads .sidecar-lint.json, and prefers it to a package.json without the key', () => {
    const dir = tree({
      ...files,
      'package.json': JSON.stringify({ name: 'infra' }),
      '.sidecar-lint.json': JSON.stringify({ plugins: ['sidecar-lint-plugin-acme'], rules: { 'acme/needs-team-label': 'warning' } }),
    });
    const result = runCli(['--print-config', 'deploy/pod.yaml'], { cwd: dir });
    const config = JSON.parse(result.stdout) as { configFile: string; file: string; rules: Record<string, unknown> };
    expect(config).toMatchObject({ configFile: '.sidecar-lint.json', file: 'deploy/pod.yaml' });
    expect(config.rules['acme/needs-team-label']).toBe('warning');
  });

  it('exits 2 for a plugin that cannot be found or exports no rules', () => {
    const missing = tree({ '.sidecar-lint.yaml': 'plugins: [sidecar-lint-plugin-nowhere]\n', 'a.yaml': POD('a', 'a:1') });
    const result = runCli(['a.yaml'], { cwd: missing });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'sidecar-lint: invalid config .sidecar-lint.yaml: plugins[0] (sidecar-lint-plugin-nowhere): cannot find package "sidecar-lint-plugin-nowhere" (install it next to the config file: npm install --save-dev sidecar-lint-plugin-nowhere)\n',
    );
    const empty = tree({ '.sidecar-lint.yaml': 'plugins: [./empty.mjs]\n', 'empty.mjs': 'export const rules = [{ meta: { id: "x" } }];\n', 'a.yaml': POD('a', 'a:1') });
    const bad = runCli(['a.yaml'], { cwd: empty });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('sidecar-lint: invalid config .sidecar-lint.yaml: plugins[0] (./empty.mjs): rule #0 is not a rule: expected { meta, check(pod, context) }\n');
  });
});
