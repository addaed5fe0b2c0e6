/**
 * A deterministic synthetic corpus for the scaling benchmark, shaped like the bulk corpus of real
 * manifests: by bytes about four fifths CustomResourceDefinitions, the rest workloads with sidecars
 * (Envoy proxy, log shipper on a shared emptyDir, config reloader, data-sync agent), ConfigMaps,
 * Services and RBAC; about one file in eight is rendered chart output holding several documents.
 * The same scale always gives the same files, byte for byte.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small seeded PRNG (mulberry32): the corpus must not depend on Math.random. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

function sidecar(rng: Rng, index: number): string {
  switch (index % 4) {
    case 0:
      return `      - name: envoy
        image: envoyproxy/envoy:v1.31.${Math.floor(rng() * 9)}
        args: ["-c", "/etc/envoy/envoy.yaml", "--drain-time-s", "30"]
        ports:
        - containerPort: 15001
        volumeMounts:
        - name: envoy-config
          mountPath: /etc/envoy`;
    case 1:
      return `      - name: log-shipper
        image: fluent/fluent-bit:3.${Math.floor(rng() * 9)}
        command: ["sh", "-c", "${rng() < 0.3 ? 'tail -f /var/log/app/app.log' : 'tail -F /var/log/app/app.log'}"]
        volumeMounts:
        - name: app-logs
          mountPath: /var/log/app`;
    case 2:
      return `      - name: config-reloader
        image: jimmidyson/configmap-reload:v0.${Math.floor(rng() * 15)}.0
        args: ["--volume-dir=/etc/config", "--webhook-url=http://localhost:8080/-/reload"]
        volumeMounts:
        - name: ${rng() < 0.1 ? 'config-volume' : 'config'}
          mountPath: /etc/config`;
    default:
      return `      - name: git-sync
        image: registry.k8s.io/git-sync/git-sync:v4.${Math.floor(rng() * 5)}.0
        args: ["--repo=https://example.com/site.git", "--period=60s", "--root=/data"]
        volumeMounts:
        - name: data
          mountPath: /data`;
  }
}

function podTemplate(rng: Rng, name: string, indent: string): string {
  const sidecars = Array.from({ length: 1 + Math.floor(rng() * 3) }, (_, index) => sidecar(rng, index + Math.floor(rng() * 4))).join('\n');
  const duplicate = rng() < 0.05 ? '\n      - name: app\n        image: busybox:1.36' : '';
  const body = `metadata:
  labels:
    app: ${name}
spec:
  initContainers:
  - name: migrate
    image: example.com/${name}-migrate:1.${Math.floor(rng() * 40)}
    command: ["/bin/migrate", "--to=latest"]
  containers:
  - name: app
    image: example.com/${name}:2.${Math.floor(rng() * 90)}
    ports:
    - containerPort: 8080
    resources:
      requests: { cpu: 100m, memory: 128Mi }
      limits: { memory: 256Mi }
    readinessProbe:
      httpGet: { path: /healthz, port: 8080 }
    volumeMounts:
    - name: app-logs
      mountPath: /var/log/app
${sidecars.replace(/^ {4}/gm, '')}${duplicate.replace(/^ {4}/gm, '')}
  volumes:
  - name: app-logs
    emptyDir: {}
  - name: envoy-config
    configMap: { name: ${name}-envoy }
  - name: config
    configMap: { name: ${name}-config }
  - name: data
    emptyDir: {}`;
  return body.replace(/^/gm, indent);
}

function workload(rng: Rng, name: string): string {
  const kind = pick(rng, ['Deployment', 'Deployment', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod']);
  const header = `apiVersion: ${kind === 'Pod' ? 'v1' : kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1'}
kind: ${kind}
metadata:
  name: ${name}
  namespace: team-${Math.floor(rng() * 20)}
  labels:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/part-of: shop
`;
  if (kind === 'Pod') return `${header}${podTemplate(rng, name, '').replace(/^metadata:\n(?: {2}.*\n)+/, '')}\n`;
  if (kind === 'CronJob') {
    return `${header}spec:\n  schedule: "*/${5 + Math.floor(rng() * 50)} * * * *"\n  jobTemplate:\n    spec:\n      template:\n${podTemplate(rng, name, '        ')}\n`;
  }
  const selector = kind === 'Job' ? '' : `  selector:\n    matchLabels:\n      app: ${name}\n`;
  return `${header}spec:\n${kind === 'Job' ? '' : '  replicas: 2\n'}${selector}  template:\n${podTemplate(rng, name, '    ')}\n`;
}

function schemaProperties(rng: Rng, depth: number, width: number): string {
  const pad = '  '.repeat(6 + depth * 2);
  const lines: string[] = [];
  for (let index = 0; index < width; index++) {
    const name = `${pick(rng, ['target', 'policy', 'endpoint', 'selector', 'backend', 'route', 'match', 'rule'])}${pick(rng, ['Ref', 'Spec', 'Config', 'Status', 'Name', 'Port', 'Set', 'List'])}${index}`;
    lines.push(`${pad}${name}:`);
    lines.push(`${pad}  description: ${name} configures how the controller ${pick(rng, ['selects', 'routes', 'matches', 'retries'])} traffic for the referenced ${pick(rng, ['service', 'gateway', 'listener'])}; when unset the default of the parent object applies.`);
    if (depth < 3 && rng() < 0.45) {
      lines.push(`${pad}  type: object`);
      lines.push(`${pad}  properties:`);
      lines.push(schemaProperties(rng, depth + 1, 2 + Math.floor(rng() * 5)));
    } else {
      const type = pick(rng, ['string', 'integer', 'boolean']);
      lines.push(`${pad}  type: ${type}`);
      if (type === 'string') lines.push(`${pad}  maxLength: ${16 + Math.floor(rng() * 240)}`);
      if (type === 'integer') lines.push(`${pad}  format: int32\n${pad}  minimum: 0`);
    }
  }
  return lines.join('\n');
}

function crd(rng: Rng, name: string): string {
  const group = `${name}.example.io`;
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.${group}
spec:
  group: ${group}
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
${schemaProperties(rng, 0, 15 + Math.floor(rng() * 20))}
`;
}

function configMap(rng: Rng, name: string): string {
  const entries = Array.from({ length: 3 + Math.floor(rng() * 12) }, (_, index) => `  setting-${index}: "${Math.floor(rng() * 1e6)}"`).join('\n');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-config\ndata:\n${entries}\n  envoy.yaml: |\n    static_resources:\n      listeners:\n      - name: ingress\n        address: { socket_address: { address: 0.0.0.0, port_value: 15001 } }\n`;
}

function service(name: string): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n  - port: 80\n    targetPort: 8080\n`;
}

function rbac(name: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${name}\nrules:\n- apiGroups: [""]\n  resources: ["configmaps", "pods"]\n  verbs: ["get", "list", "watch"]\n`;
}

/** Files of the corpus at a scale (1 = ~270 files, ~3 MB; 10 is about the size of the bulk corpus), as [name, text] pairs. */
export function corpusFiles(scale: number): [string, string][] {
  const rng = random(20_251_124);
  const files: [string, string][] = [];
  const units = Math.round(scale * 56);
  for (let unit = 0; unit < units; unit++) {
    const name = `svc-${unit}`;
    const app = [workload(rng, name), configMap(rng, name), service(name)];
    if (unit % 8 === 0) {
      // Rendered chart output: several objects in one file, a CRD among them.
      files.push([`chart-${unit}.yaml`, [crd(rng, name), rbac(name), ...app].join('---\n')]);
      continue;
    }
    files.push([`${name}-workload.yaml`, app[0] as string], [`${name}-config.yaml`, app[1] as string], [`${name}-service.yaml`, app[2] as string]);
    files.push([`${name}-role.yaml`, rbac(name)]);
    if (unit % 2 === 0) files.push([`${name}-crd.yaml`, crd(rng, name)]);
    files.push([`${name}-values.yaml`, `replicaCount: 2\nimage:\n  repository: example.com/${name}\n  tag: "2.1"\n`]);
  }
  return files;
}

/** Write the corpus at a scale into `dir` (emptied first); returns its file count and bytes. */
export function writeCorpus(dir: string, scale: number): { files: number; bytes: number } {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  const files = corpusFiles(scale);
  for (const [name, text] of files) {
    writeFileSync(join(dir, name), text);
    bytes += Buffer.byteLength(text);
  }
  return { files: files.length, bytes };
}
