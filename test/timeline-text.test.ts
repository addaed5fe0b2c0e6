/**
 * `sidecar-lint explain`'s text: the timeline of each pod, exactly as a user sees it when the output
 * is piped (ASCII, no colour, 100 columns), for the four shapes of pod life the picture is for; then
 * the terminal's form (box characters and colour only with a terminal or FORCE_COLOR, never with
 * NO_COLOR or --no-color), the width it is laid out for, and names from the manifest escaped.
 */
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { explainSource, joinFindings } from '../src/engine/explain.js';
import { lintSource } from '../src/engine/lint-source.js';
import { loadSource } from '../src/load/source.js';
import { DEFAULT_KUBE_VERSION } from '../src/model/kube-version.js';
import { formatTimelines } from '../src/report/timeline-text.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT, runCli, tempTree } from './helpers/cli.js';
import { itWhere } from './helpers/skip.js';

describe('explain: a timeline per pod, as piped', () => {
  it('a Job whose classic sidecar never exits: the Job does not complete', () => {
    const result = runCli(['explain', 'fixtures/timelines/classic-sidecar-job.yaml']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`Job/export  fixtures/timelines/classic-sidecar-job.yaml:2
  restartPolicy Never - terminationGracePeriodSeconds 30 (default) - 3 containers, 1 init step

                       |init  |running, completes        |
  fetch-schema         |#####*|                          | init
  export               |      |===============*          | app
  cloud-sql-proxy E1   |      |=========================>| classic - never exits
  # init container  = running  * exits  > never exits

  E The Job never completes: "cloud-sql-proxy" keeps running after the main container exits.
  Findings:
    E1 19:11 job-sidecar-blocks-completion: container "cloud-sql-proxy" keeps running after
       container "export" finishes (its image
       "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0" is Cloud SQL Auth Proxy, a
       long-running process), so the Job never completes. Move it to initContainers with
       restartPolicy: Always (a native sidecar; native sidecars: alpha in 1.28, on by default
       from 1.29, GA in 1.33): it is then stopped when the main container exits.
`);
  });

  it('a Deployment with native sidecars: the next starts when the startupProbe passes, they stop after the app, in reverse order', () => {
    const result = runCli(['explain', 'fixtures/timelines/native-sidecar-deployment.yaml']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`Deployment/shop/web  fixtures/timelines/native-sidecar-deployment.yaml:2
  restartPolicy Always - terminationGracePeriodSeconds 45 - 3 containers, 2 init steps

                   |init      |running      |stop 0s   45s|
  proxy            |==========|=============|==|         :| native - next waits: startupProbe
  log-shipper      |     =====|=============|==|         :| native - next starts at once
  web              |          |=============|~~|         :| app - preStop 10s
  = running  ~ preStop  | stopped  : grace period

  Shutdown:
    0s: preStop hooks start ("web" 10s)
    10s: SIGTERM to "web"
    10s: the app containers are gone
    10s: SIGTERM to native sidecar "log-shipper"
    10s: SIGTERM to native sidecar "proxy" (the sidecars stop in reverse order)
    45s: the grace period (terminationGracePeriodSeconds) ends; every container has stopped by then
  Volumes:
    logs (emptyDir): "web" writes -> "log-shipper" reads
  Ports:
    "web": 8080
`);
  });

  it('an Istio 1.26 pod with holdApplicationUntilProxyStarts: the classic proxy first, its postStart holds the app, it drains 5s', () => {
    const result = runCli(['explain', '--injector', 'istio@1.26', 'fixtures/timelines/istio-hold.yaml']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`Pod/payments/checkout  fixtures/timelines/istio-hold.yaml:2
  Istio 1.26 injects istio-init, istio-proxy (classic): the pod has label sidecar.istio.io/inject:
    "true"
  restartPolicy Always - terminationGracePeriodSeconds 30 (default) - 3 containers, 1 init step

                   |init  |running          |stop 0s   30s|
  istio-init       |#####*|                 |            :| init - Istio 1.26 - redirects traffic
  istio-proxy W1   |      |=================|-|          :|
                classic - next waits: postStart (pilot-agent wait) - Istio 1.26 - drains 5s
  checkout         |      | ================||           :| app
  # init container  = running  - after SIGTERM  * exits  | stopped  : grace period

  Shutdown:
    0s: no preStop hooks; SIGTERM to "istio-proxy", "checkout"
    0s–5s: "istio-proxy" drains its connections (terminationDrainDuration, default 5s)
    5s: the app containers are gone
    30s: the grace period (terminationGracePeriodSeconds, default) ends; every container has stopped
      by then
  Ports:
    "istio-proxy": 15090 (Envoy Prometheus), 15000 (Envoy admin), 15001 (outbound capture), 15004
      (pilot debug), 15006 (inbound capture), 15008 (HBONE tunnel), 15020 (pilot-agent status,
      merged metrics and /quitquitquit), 15021 (health), 15053 (DNS proxy)
    "checkout": 8080
  Findings:
    W1 8:5 prefer-native-sidecar: container "istio-proxy" is a classic Istio proxy sidecar: its
       blocking postStart hook ("pilot-agent wait") already holds the app until it is ready,
       but at shutdown it can stop while the app still sends traffic. Kubernetes 1.35
       supports native sidecars, which start before and stop after the app containers. Istio
       1.26 decides where its proxy goes: add the annotation sidecar.istio.io/nativeSidecar:
       "true" to the pod template, and it injects its proxy as a native sidecar.
       ["istio-proxy" injected by Istio 1.26 (the pod has label sidecar.istio.io/inject:
       "true")]
`);
  });

  it('preStop sleeps past the grace period: 2 s more, then SIGKILL for the app and its native sidecar', () => {
    const result = runCli(['explain', 'fixtures/timelines/prestop-over-grace.yaml']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`Deployment/api  fixtures/timelines/prestop-over-grace.yaml:2
  restartPolicy Always - terminationGracePeriodSeconds 20 - 2 containers, 1 init step

             |init  |running              |stop 0s     20s|
  agent      |======|=====================|==============X| native - next waits: startupProbe
  api        |      |=====================|~~~~~~~~~~~~~~X| app - preStop 25s
  = running  ~ preStop  X SIGKILL  : grace period

  Shutdown:
    0s: preStop hooks start ("api" 25s)
    20s: the grace period (terminationGracePeriodSeconds) ends while "agent", "api" still run: "api"
      is still in preStop; SIGTERM to what has not had it
    22s: SIGKILL to "agent", "api"
  Findings:
    W1 13:7 termination-grace-too-short: terminationGracePeriodSeconds is 20s, less than the 25s
       preStop hook of container "api": the kubelet kills the pod before the preStop hook has
       finished, and requests in flight fail. Set terminationGracePeriodSeconds to at least
       25.
`);
  });
});

const HOSTILE = `apiVersion: v1
kind: Pod
metadata:
  name: "evil\\u001b]0;owned\\u0007"
spec:
  containers:
    - name: "app\\u001b[31mred\\u202eevil"
      image: example.com/app:1.0
    - name: "<img src=x onerror=alert(1)>"
      image: example.com/helper:1.0
      command: ["sh", "-c", "tail -f /dev/null"]
`;

describe('explain: the terminal\'s form', () => {
  it('uses box characters and colour with FORCE_COLOR or --color, plain ASCII otherwise, and none with NO_COLOR or --no-color', () => {
    const file = 'fixtures/timelines/native-sidecar-deployment.yaml';
    const plain = runCli(['explain', file]).stdout;
    expect(plain).not.toMatch(/[\u2500-\u259f\u001b]/);
    expect(plain).toContain('|init      |running      |stop 0s   45s|');
    const forced = runCli(['explain', file], { env: { FORCE_COLOR: '1' } }).stdout;
    expect(forced).toContain('\u001b[32m━━━━━━━━━━\u001b[0m│');
    expect(forced).toContain('│init      │running      │stop 0s   45s│');
    expect(runCli(['explain', '--color', file]).stdout).toBe(forced);
    expect(runCli(['explain', '--no-color', file], { env: { FORCE_COLOR: '1' } }).stdout).toBe(plain);
    expect(runCli(['explain', file], { env: { NO_COLOR: '1' } }).stdout).toBe(plain);
  });

  it('escapes every name from the manifest: no control character reaches the terminal, even in colour', () => {
    const dir = tempTree({ 'evil.yaml': HOSTILE });
    const envs: Record<string, string>[] = [{}, { FORCE_COLOR: '1' }];
    for (const env of envs) {
      const { stdout, status } = runCli(['explain', 'evil.yaml'], { cwd: dir, env });
      expect(status).toBe(0);
      // Only the colour sequences of our own (ESC [ digits m) remain.
      expect(stdout.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
      expect(stdout).toContain('app\\x1b[31mred\\u202eevil');
      expect(stdout).toContain('Pod/evil\\x1b]0;owned\\x07');
    }
  });

  const REPRO = join(ROOT, '..', 'shared', 'repro');
  itWhere(existsSync(REPRO) ? undefined : '../shared/repro not found', 'keeps shared/repro\'s escape cases (R16) escaped in every form explain prints, and the YAML reads back the same values', () => {
    for (const file of ['inject.yaml', 'dry-run-escapes.yaml']) {
      const path = join(REPRO, file);
      const forms: [string, string[], Record<string, string>][] = [
        ['text', [], {}],
        ['text in colour', [], { FORCE_COLOR: '1' }],
        ['yaml', ['--format', 'yaml'], {}],
        ['json', ['--format', 'json'], {}],
      ];
      for (const [form, args, env] of forms) {
        const { stdout, status } = runCli(['explain', ...args, path], { env });
        expect(status, `${file} ${form}`).toBe(0);
        expect(stdout.replace(/\u001b\[[0-9;]*m/g, ''), `${file} ${form}`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      }
      const objects = parseAllDocuments(runCli(['explain', '--format', 'yaml', path]).stdout).map((document) => document.toJS() as unknown);
      expect(objects).toEqual((JSON.parse(runCli(['explain', '--format', 'json', path]).stdout) as { items: unknown[] }).items);
    }
    // The container name of inject.yaml's first Pod, exactly, through the YAML.
    const [first] = parseAllDocuments(runCli(['explain', '--format', 'yaml', join(REPRO, 'inject.yaml')]).stdout).map((document) => document.toJS() as { spec: { containers: { name: string }[] } });
    expect(first!.spec.containers[0]!.name).toBe('\u001b[31mRED\u001b[0m');
  });

  it('is laid out for the width given: the bars narrow, the notes move under them, no line longer than the width', async () => {
    const text = await (async () => {
      const source = loadSource('fixtures/timelines/native-sidecar-deployment.yaml', (await import('node:fs')).readFileSync('fixtures/timelines/native-sidecar-deployment.yaml', 'utf8'));
      const config = await resolveConfig({}, builtinRules);
      const pods = joinFindings(explainSource(source, { kubernetesVersion: DEFAULT_KUBE_VERSION }), [{ filePath: source.filePath, findings: lintSource(source, config) }]);
      return (width: number) => formatTimelines(pods, { color: false, unicode: true, width, kubernetesVersion: DEFAULT_KUBE_VERSION, cwd: '.' });
    })();
    const wide = text(140);
    const narrow = text(72);
    expect(wide).not.toBe(narrow);
    for (const line of narrow.split('\n')) expect(line.length, line).toBeLessThanOrEqual(72);
    for (const line of wide.split('\n')) expect(line.length, line).toBeLessThanOrEqual(140);
    // At 140 columns the notes stand beside the bars; at 72 under them.
    expect(wide).toMatch(/proxy +│━+│━+│━+┤ +┊│ native · next waits: startupProbe/);
    expect(narrow).toMatch(/\n +native · next waits: startupProbe\n/);
  });

  it('says so when there is no pod, and exits 2 for a path that does not exist', () => {
    const dir = tempTree({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
    expect(runCli(['explain', 'cm.yaml'], { cwd: dir }).stdout).toBe('No pods found.\n');
    const missing = runCli(['explain', 'nope.yaml'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.yaml');
  });

  it('refuses the options of a lint run and unknown formats, with its own help', () => {
    const fix = runCli(['explain', '--fix', 'fixtures/timelines/']);
    expect(fix.status).toBe(2);
    expect(fix.stderr).toBe('sidecar-lint: --fix is an option of a lint run, not of explain.\nRun sidecar-lint explain --help for its options.\n');
    const sarif = runCli(['explain', '--format', 'sarif', 'fixtures/timelines/']);
    expect(sarif.status).toBe(2);
    expect(sarif.stderr).toContain('explain has no format "sarif": use one of text, yaml, json');
    expect(runCli(['explain', '--help']).stdout).toMatch(/^Usage: sidecar-lint explain \[options\] \[path\.\.\.\]/);
  });
});
