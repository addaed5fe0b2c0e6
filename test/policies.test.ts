/**
 * Declarative policies: the examples in fixtures/policies/ fire exactly where their fixtures say
 * (`# expect: <policy-id>`), stay silent on the valid ones, and broken policies are config errors
 * that name the policy and the schema path.
 */
import { mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfigFile, resolveConfig } from '../src/config/config.js';
import type { ConfigData } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';
import type { PolicyConfig } from '../src/config/policy-schema.js';
import { loadRuleSet } from '../src/config/rule-set.js';
import { builtinRules } from '../rules/index.js';
import { runCli } from './helpers/cli.js';
import { expectationsIn, readFixture, sortedKeys } from './helpers/expectations.js';

const FOLDER = join(import.meta.dirname, '..', 'fixtures', 'policies');
const CONFIG_FILE = join(FOLDER, '.sidecar-lint.yaml');
const examples = readConfigFile(CONFIG_FILE);
const policies = (examples.policies ?? []) as PolicyConfig[];

/** Rules for a config holding only the given policies (no built-ins, so fixtures see their own findings). */
async function configFor(data: ConfigData, file = CONFIG_FILE) {
  const ruleSet = await loadRuleSet(data, { file, cwd: FOLDER, builtins: [] });
  return resolveConfig(data, ruleSet.rules, { file, cwd: FOLDER });
}

async function configError(data: ConfigData, file = CONFIG_FILE): Promise<string> {
  try {
    await configFor(data, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('example policies', () => {
  it('cover the four promised policies', () => {
    expect(policies.map((policy) => policy.id).sort()).toEqual(
      ['istio-hold-application', 'require-log-shipper', 'sidecar-registry', 'sidecar-resource-limits'],
    );
  });

  describe.each(policies.map((policy) => [policy.id, policy] as const))('%s', (id, policy) => {
    const files = readdirSync(join(FOLDER, id)).filter((name) => name.endsWith('.yaml')).sort();

    it('has valid and invalid fixtures', () => {
      expect(files.some((name) => name.startsWith('valid'))).toBe(true);
      expect(files.some((name) => name.startsWith('invalid'))).toBe(true);
    });

    it.each(files)('%s reports exactly the marked findings', async (name) => {
      const text = readFixture(join(FOLDER, id, name));
      const config = await configFor({ policies: [policy] });
      const findings = lintText(name, text, config);
      const expected = expectationsIn(text).filter((item) => item.ruleId === id);
      if (name.startsWith('invalid')) expect(expected.length).toBeGreaterThan(0);
      expect(sortedKeys(findings)).toEqual(sortedKeys(expected));
      for (const finding of findings) {
        expect(finding.severity).toBe(policy.severity ?? 'error');
        expect(finding.message).not.toMatch(/\{[a-z]+\}/);
      }
    });
  });

  it('fill {container}, {name}, {namespace}, {path} and the ajv error text into the message', async () => {
    const config = await configFor({ policies });
    const text = readFixture(join(FOLDER, 'sidecar-registry', 'invalid.yaml'));
    const messages = lintText('x.yaml', text, config).filter((finding) => finding.ruleId === 'sidecar-registry').map((finding) => finding.message);
    expect(messages).toContain(
      'Deployment/prod/api: sidecar "envoy" must use an image from registry.example.com or ghcr.io/example-org (must match pattern "^(registry\\.example\\.com|ghcr\\.io/example-org)/").',
    );
    expect(messages).toContain(
      'Deployment/prod/api: sidecar "cert-renewer" must use an image from registry.example.com or ghcr.io/example-org (must have required property \'image\').',
    );
    const shipper = lintText('x.yaml', readFixture(join(FOLDER, 'require-log-shipper', 'invalid.yaml')), config);
    expect(shipper.map((finding) => finding.message)).toContain(
      'Deployment/prod/payments: pods in prod must run "fluent-bit" as a native sidecar mounting /var/log/app read-only: spec.template.spec.initContainers[0].volumeMounts[0].readOnly must be true.',
    );
  });

  it('can be turned off and re-graded like built-in rules, and are listed with them', async () => {
    const data: ConfigData = { policies, rules: { 'sidecar-registry': 'off', 'sidecar-resource-limits': 'error' } };
    const ruleSet = await loadRuleSet(data, { file: CONFIG_FILE, cwd: FOLDER });
    expect(ruleSet.rules.slice(0, builtinRules.length)).toEqual(builtinRules);
    const config = await resolveConfig(data, ruleSet.rules, { file: CONFIG_FILE, cwd: FOLDER });
    const ids = config.rules.map((configured) => configured.rule.meta.id);
    expect(ids).not.toContain('sidecar-registry');
    expect(config.rules.find((configured) => configured.rule.meta.id === 'sidecar-resource-limits')?.severity).toBe('error');
  });

  it('match by name glob and by labels of the object or its pod template', async () => {
    const policy: PolicyConfig = {
      id: 'needs-limits',
      message: '{kind} {name}: limits ({error}).',
      target: 'container',
      match: { names: ['web-*'], labelSelector: { matchLabels: { tier: 'backend' }, matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist' }] } },
      schema: { required: ['resources'] },
    };
    const config = await configFor({ policies: [policy] });
    const deployment = (name: string, objectLabels: string, templateLabels: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, labels: { ${objectLabels} } }
spec:
  template:
    metadata: { labels: { ${templateLabels} } }
    spec:
      containers: [{ name: app, image: app:1 }]
`;
    const names = (text: string) => lintText('d.yaml', text, config).map((finding) => finding.object?.name);
    expect(names(deployment('web-a', 'tier: backend', 'app: a'))).toEqual(['web-a']);
    expect(names(deployment('web-b', 'team: x', 'tier: backend'))).toEqual(['web-b']);
    expect(names(deployment('api-c', 'tier: backend', 'app: c'))).toEqual([]);
    expect(names(deployment('web-d', 'tier: frontend', 'app: d'))).toEqual([]);
    expect(names(deployment('web-e', 'tier: backend', 'legacy: "yes"'))).toEqual([]);
  });

  it('carry an absolute docs link: the URL given, a path from the config file, else the config file', async () => {
    const data: ConfigData = {
      policies: [
        { id: 'a', message: 'a.', schema: {}, docs: 'https://wiki.example.com/a' },
        { id: 'b', message: 'b.', schema: {}, docs: 'docs/b.md' },
        { id: 'c', message: 'c.', schema: {} },
      ],
    };
    const ruleSet = await loadRuleSet(data, { file: CONFIG_FILE, cwd: FOLDER, builtins: [] });
    expect(ruleSet.rules.map((rule) => rule.meta.docs)).toEqual([
      'https://wiki.example.com/a',
      pathToFileURL(join(FOLDER, 'docs/b.md')).href,
      pathToFileURL(CONFIG_FILE).href,
    ]);
  });

  it('honour the suppression annotations', async () => {
    const config = await configFor({ policies });
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    sidecar-lint.io/ignore.envoy: sidecar-registry
spec:
  initContainers:
    - { name: envoy, image: envoyproxy/envoy:v1.31.0, restartPolicy: Always, resources: { limits: { cpu: 1, memory: 1Gi } } }
    - { name: vector, image: timberio/vector:0.40.0, restartPolicy: Always, resources: { limits: { cpu: 1, memory: 1Gi } } }
  containers:
    - { name: app, image: app:1 }
`;
    const findings = lintText('p.yaml', text, config);
    expect(findings.map((finding) => `${finding.ruleId} ${finding.container}`)).toEqual(['sidecar-registry vector']);
  });
});

describe('policy configuration errors', () => {
  const base = { id: 'bad-policy', message: 'bad {error}.', target: 'container' as const };

  it('name the policy and the schema path of an invalid schema', async () => {
    const message = await configError({ policies: [{ ...base, schema: { properties: { image: { type: 'strin' } } } }] });
    expect(message).toMatch(/^invalid config \.sidecar-lint\.yaml: policies\[0\] \(bad-policy\): invalid JSON Schema at policies\[0\]\.schema\.properties\.image\.type: /);
  });

  it('refuse unknown keywords (a misspelt `required`)', async () => {
    const message = await configError({ policies: [{ ...base, schema: { requird: ['image'] } }] });
    expect(message).toContain('policies[0] (bad-policy): invalid JSON Schema at policies[0].schema: strict mode: unknown keyword: "requird"');
  });

  it('name the schema file and the pointer inside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-'));
    writeFileSync(join(dir, 'image.schema.json'), JSON.stringify({ properties: { image: { minLength: -1 } } }));
    const file = join(dir, '.sidecar-lint.yaml');
    const message = await configError({ policies: [{ ...base, schema: './image.schema.json' }] }, file);
    expect(message).toContain('policies[0] (bad-policy): invalid JSON Schema at ./image.schema.json#/properties/image/minLength: ');
    expect(await configError({ policies: [{ ...base, schema: './missing.json' }] }, file)).toContain('cannot read schema file');
  });

  it('read no schema file outside the config file’s folder, nor one through a link that leads out (its keys would show in the error)', () => {
    const outside = join(mkdtempSync(join(tmpdir(), 'sidecar-lint-')), 'secret.yaml');
    writeFileSync(outside, 'top-secret-key: 1\n');
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-'));
    symlinkSync(outside, join(dir, 'linked.yaml'));
    writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - { name: app, image: app:1 }\n');
    for (const schema of [outside, './linked.yaml']) {
      writeFileSync(join(dir, '.sidecar-lint.yaml'), `policies:\n  - { id: p, message: m, schema: ${JSON.stringify(schema)} }\n`);
      expect(runCli(['pod.yaml'], { cwd: dir }), schema).toEqual({
        status: 2,
        stdout: '',
        stderr: `sidecar-lint: invalid config .sidecar-lint.yaml: policies[0] (p): schema file ${schema} is not inside the config file's folder: a policy's schema must be in the repository it belongs to\n`,
      });
    }
  });

  it('accept a schema from a file, relative to the config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-'));
    writeFileSync(join(dir, 'limits.yaml'), 'required: [resources]\n');
    const config = await configFor({ policies: [{ ...base, schema: './limits.yaml' }] }, join(dir, '.sidecar-lint.yaml'));
    const findings = lintText('p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: app\n      image: app:1\n', config);
    expect(findings.map((finding) => [finding.ruleId, finding.region.start.line, finding.region.start.column])).toEqual([['bad-policy', 6, 7]]);
  });

  it('reject unknown placeholders, misplaced roles, duplicate ids, built-in ids and malformed entries', async () => {
    expect(await configError({ policies: [{ ...base, message: 'bad {image}.', schema: {} }] })).toContain('message: unknown placeholder {image}');
    expect(await configError({ policies: [{ ...base, target: 'pod', match: { roles: ['sidecar'] }, schema: {} }] })).toContain(
      'match.roles and match.containerNames apply only to target: container',
    );
    expect(await configError({ policies: [{ ...base, schema: {} }, { ...base, schema: {} }] })).toContain('policies[1] (bad-policy): duplicate policy id');
    const builtin = { ...base, id: 'volume-mount-undefined', schema: {} };
    const ruleSet = loadRuleSet({ policies: [builtin] }, { file: CONFIG_FILE, cwd: FOLDER });
    await expect(ruleSet).rejects.toThrow('policy id "volume-mount-undefined" is already the id of a built-in rule');
    expect(await configError({ policies: [{ id: 'x', schema: {} }] })).toContain("policies[0]: must have required property 'message'");
    expect(await configError({ policies: [{ ...base, match: { namespace: ['prod'] }, schema: {} }] })).toContain('policies[0].match: unknown key "namespace"');
  });

  it('exit 2 from the command line, with the message and no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-'));
    writeFileSync(
      join(dir, '.sidecar-lint.yaml'),
      'policies:\n  - id: sidecar-limits\n    message: limits.\n    schema:\n      properties:\n        resources:\n          required: cpu\n',
    );
    writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: app, image: app:1 }]\n');
    const result = runCli(['pod.yaml'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'sidecar-lint: invalid config .sidecar-lint.yaml: policies[0] (sidecar-limits): invalid JSON Schema at policies[0].schema.properties.resources.required: must be array\n',
    );
    expect(result.stdout).toBe('');
  });
});

describe('policies from the command line', () => {
  it('lint the examples with --config, in text and JSON', () => {
    const text = runCli(['--config', 'fixtures/policies/.sidecar-lint.yaml', '--format', 'compact', 'fixtures/policies/sidecar-resource-limits/']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(
      'fixtures/policies/sidecar-resource-limits/invalid.yaml:45:13  warning  Deployment/prometheus: sidecar "config-reloader" must set resources.limits.cpu and resources.limits.memory (must have required property \'cpu\').  sidecar-resource-limits',
    );
    const json = runCli(['--config', 'fixtures/policies/.sidecar-lint.yaml', '--format', 'json', 'fixtures/policies/istio-hold-application/invalid.yaml']);
    const [file] = JSON.parse(json.stdout) as { messages: { ruleId: string; line: number; column: number; path: string }[] }[];
    expect(file?.messages.map((message) => [message.ruleId, message.line, message.column, message.path])).toEqual([
      ['istio-hold-application', 11, 5, 'spec.template.metadata'],
      ['istio-hold-application', 34, 7, 'spec.template.metadata.annotations'],
      ['istio-hold-application', 55, 9, 'spec.template.metadata.annotations["proxy.istio.io/config"]'],
    ]);
    const list = runCli(['--config', 'fixtures/policies/.sidecar-lint.yaml', '--list-rules']);
    expect(list.stdout).toMatch(/^require-log-shipper +error +no +Require the fluent-bit native sidecar on prod Deployments$/m);
  });
});
