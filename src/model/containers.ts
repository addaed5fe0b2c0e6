/**
 * The container model every rule shares: each container of a pod spec with its role
 * (app, init, native sidecar, ephemeral), its path, and what it looks like — a known helper
 * (proxy, log shipper, agent…), a long-running or a one-shot process — with the reason for each verdict.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { Path } from '../types.js';
import { commandScript, isSpecialPath, longRunningScript, looksLikeLog, oneShotScript, tailFollowsIn } from './shell.js';
import { isRecord } from '../load/values.js';
import type { InjectedBy, InjectedRole } from './injectors/profile.js';

export type ContainerRole = 'app' | 'init' | 'sidecar' | 'ephemeral';
export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';
/**
 * What a helper does for the pod. `exporter`: scrapes the app's own endpoint and serves metrics
 * (redis_exporter, postgres-exporter); `auth-proxy`: an inbound proxy that guards a port the app
 * serves (kube-rbac-proxy, oauth2-proxy), which the app's own traffic never goes through.
 */
export type HelperCategory = 'proxy' | 'auth-proxy' | 'logging' | 'metrics' | 'exporter' | 'sync' | 'secrets' | 'reloader' | 'database-proxy' | 'agent';

export interface Helper {
  readonly category: HelperCategory;
  /** Human-readable product name: "Envoy", "Fluent Bit"… */
  readonly product: string;
  readonly reason: string;
  /** Known only by the container's name (`*-agent`, `logger`…), not by image or command. */
  readonly byName?: true;
}

/** "an Envoy", "a Fluent Bit": the product with its article, for sentences that name one. */
export function aProduct(helper: Pick<Helper, 'product'>): string {
  return `${/^[aeiou]/i.test(helper.product) ? 'an' : 'a'} ${helper.product}`;
}

export type LifetimeKind = 'long-running' | 'one-shot' | 'unknown';

export interface Lifetime {
  readonly kind: LifetimeKind;
  readonly reason: string;
  /** The field that shows it: where a finding about the container's lifetime points. */
  readonly field: 'command' | 'args' | 'image' | 'env';
}

export interface ContainerInfo {
  readonly container: IContainer;
  /** `name`, or `#<index>` of its list when the name is missing. */
  readonly name: string;
  readonly role: ContainerRole;
  /** Why the role was given: "init container with restartPolicy: Always". */
  readonly roleReason: string;
  readonly list: ContainerList;
  readonly index: number;
  /** Path from the object root: `['spec', 'template', 'spec', 'initContainers', 0]`. */
  readonly path: Path;
  /** Set when image or command look like a known helper (whatever the role). */
  readonly helper?: Helper;
  /** Set for app containers that look like a classic sidecar next to the main app container. */
  readonly classicSidecar?: Helper;
  /**
   * Set for a helper-looking app container that is the pod's purpose, not a helper of it: Contour's
   * Envoy beside `contour`, a gateway's proxy (`proxy router`). Sidecar rules leave it alone.
   */
  readonly peer?: string;
  readonly lifetime: Lifetime;
  /** The command line as one string (the script for `sh -c`). */
  readonly script: string;
  /**
   * Set on containers an injector profile synthesized (`effective-pod.ts`): not in the manifest,
   * added at admission. Findings about them are reported at the trigger; fixes never touch them.
   */
  readonly injected?: InjectedBy & { readonly role: InjectedRole; readonly needsNetwork?: string; readonly redirects?: true };
  /**
   * Fields of a manifest container that an injector adds at admission (Vault's mount of /vault/secrets,
   * Dapr's env), as paths from the container: what the manifest does not say.
   */
  readonly injectedFields?: readonly Path[];
}

interface HelperPattern {
  readonly image: RegExp;
  readonly category: HelperCategory;
  readonly product: string;
  /** Arguments or environment that make this image run once (e.g. istio-init, git-sync --one-time). */
  readonly oneShot?: RegExp;
  /** The image's name shows what it serves but not that it keeps running: its lifetime stays unknown. */
  readonly lifetimeUnknown?: true;
}

/** Known helper images, matched against the image repository without registry host and tag. */
const HELPER_IMAGES: readonly HelperPattern[] = [
  { image: /(^|\/)(istio\/)?proxyv2$|(^|\/)istio-proxy$/, category: 'proxy', product: 'Istio proxy', oneShot: /istio-iptables|istio-validation|istio-clean-iptables/ },
  { image: /(^|\/)envoy(-[a-z]+)?$/, category: 'proxy', product: 'Envoy' },
  { image: /(^|\/)linkerd2?-?proxy$|linkerd\/proxy$/, category: 'proxy', product: 'Linkerd proxy' },
  { image: /(^|\/)fluent-bit$|(^|\/)fluentbit$/, category: 'logging', product: 'Fluent Bit' },
  { image: /(^|\/)fluentd[\w-]*$/, category: 'logging', product: 'Fluentd' },
  { image: /(^|\/)vector$/, category: 'logging', product: 'Vector' },
  { image: /(^|\/)promtail$/, category: 'logging', product: 'Promtail' },
  { image: /(^|\/)filebeat$/, category: 'logging', product: 'Filebeat' },
  { image: /opentelemetry-collector[\w-]*$|(^|\/)otel-?collector[\w-]*$|(^|\/)otelcol[\w-]*$/, category: 'metrics', product: 'OpenTelemetry Collector' },
  { image: /(^|\/)cloud-?sql-proxy$|(^|\/)cloudsql-proxy$/, category: 'database-proxy', product: 'Cloud SQL Auth Proxy' },
  { image: /(^|\/)vault-agent$|(^|\/)vault$/, category: 'secrets', product: 'Vault Agent', oneShot: /exit-after-auth|exit_after_auth/ },
  { image: /config-?reloader$|configmap-reload$|(^|\/)reloader$/, category: 'reloader', product: 'config reloader' },
  { image: /(^|\/)git-sync$/, category: 'sync', product: 'git-sync', oneShot: /one-?time|ONE_TIME/i },
  { image: /(^|\/)k8s-sidecar$/, category: 'sync', product: 'k8s-sidecar (ConfigMap/Secret to files)', oneShot: /METHOD=LIST/ },
  { image: /(^|\/)csi-node-driver-registrar$|(^|\/)node-driver-registrar$/, category: 'agent', product: 'CSI node-driver-registrar' },
  { image: /(^|\/)csi-(?:provisioner|attacher|resizer|snapshotter)$|(^|\/)livenessprobe$/, category: 'agent', product: 'CSI sidecar' },
  { image: /(^|\/)ext-?authz[\w-]*$/, category: 'proxy', product: 'authorization server' },
  // Operators' metrics endpoints (kubebuilder scaffolds it), OpenShift's and the OAuth2 proxies.
  { image: /(^|\/)kube-rbac-proxy$/, category: 'auth-proxy', product: 'kube-rbac-proxy' },
  { image: /(^|\/)oauth2-proxy$|(^|\/)(?:origin-)?oauth-proxy$/, category: 'auth-proxy', product: 'OAuth proxy' },
  // Telemetry the app sends (pushes) to a local agent: its order matters as a log shipper's does.
  { image: /(^|\/)statsd[-_]exporter$/, category: 'metrics', product: 'StatsD exporter' },
  { image: /(^|\/)jaeger-agent$/, category: 'metrics', product: 'Jaeger agent' },
  // Exporters that scrape the app (redis_exporter, postgres-exporter, mongodb-exporter, nginx-prometheus-exporter…).
  // A generic name: it says what the image serves, not that it runs forever (a data `*-exporter` Job exits).
  { image: /[\w.][-_]exporter$/, category: 'exporter', product: 'metrics exporter', lifetimeUnknown: true },
  { image: /(^|\/)consul-template$|(^|\/)envconsul$/, category: 'secrets', product: 'consul-template', oneShot: /-once\b/ },
  { image: /(^|\/)certbot$/, category: 'secrets', product: 'certbot' },
  { image: /(^|\/)step-cli$|(^|\/)cert-renewer$/, category: 'secrets', product: 'certificate renewer' },
  { image: /(^|\/)(?:restic|kopia|litestream|rclone)$/, category: 'sync', product: 'backup agent', oneShot: /\brestore\b/ },
];

/**
 * Helpers known by container name when the image says nothing (a private mirror, a generic image):
 * `*-sidecar`, `logger`, `*-agent`. Only a signal for app containers next to a main container.
 */
const HELPER_NAMES: readonly { readonly name: RegExp; readonly category: HelperCategory; readonly product: string }[] = [
  { name: /^(?:logger|log-?shipper|log-?forwarder|log-?agent)$/, category: 'logging', product: 'log helper' },
  { name: /-sidecar$|^sidecar-/, category: 'agent', product: 'sidecar helper' },
  { name: /-agent$/, category: 'agent', product: 'agent' },
  { name: /^exporter$|-exporter$/, category: 'exporter', product: 'metrics exporter' },
];

/**
 * Mesh proxies recognised without their image (a private mirror): the container name plus one more
 * signal of that mesh — its init container, its ports or its env (docs: src/model/README.md).
 */
const MESH_PROXIES: readonly { readonly name: string; readonly product: string; readonly signal: RegExp; readonly init: RegExp }[] = [
  { name: 'istio-proxy', product: 'Istio proxy', signal: /\b(?:ISTIO_META_\w+|PILOT_\w+|pilot-agent)\b|\b15090\b|\b15021\b|\bproxy sidecar\b/, init: /^istio-(?:init|validation)$/ },
  { name: 'linkerd-proxy', product: 'Linkerd proxy', signal: /\bLINKERD2_PROXY_\w+\b|\b4143\b|\b4191\b/, init: /^linkerd-(?:init|network-validator)$/ },
];

/** `docker.io/envoyproxy/envoy:v1.31@sha256:…` → `envoyproxy/envoy`. */
export function imageRepository(image: string): string {
  let rest = image.split('@')[0] ?? '';
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) rest = rest.slice(0, colon);
  const parts = rest.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0] ?? '')) parts.shift();
  return parts.join('/').toLowerCase();
}

function envText(container: IContainer): string {
  const env = Array.isArray(container.env) ? container.env : [];
  return env
    .filter(isRecord)
    .map((variable) => `${String(variable.name)}=${String(variable.value ?? '')}`)
    .join(' ');
}

function portText(container: IContainer): string {
  const ports = Array.isArray(container.ports) ? container.ports : [];
  return ports.filter(isRecord).map((port) => String(port.containerPort)).join(' ');
}

function helperOf(container: IContainer, script: string, initNames: readonly string[]): { helper: Helper; pattern?: HelperPattern } | undefined {
  const image = typeof container.image === 'string' ? imageRepository(container.image) : '';
  const pattern = image === '' ? undefined : HELPER_IMAGES.find((candidate) => candidate.image.test(image));
  if (pattern) {
    return {
      helper: { category: pattern.category, product: pattern.product, reason: `its image "${container.image}" is ${pattern.product}` },
      pattern,
    };
  }
  const name = typeof container.name === 'string' ? container.name : '';
  const mesh = MESH_PROXIES.find((candidate) => candidate.name === name);
  if (mesh) {
    const signals = `${script} ${envText(container)} ${portText(container)}`;
    const init = initNames.find((initName) => mesh.init.test(initName));
    if (mesh.signal.test(signals) || init) {
      const why = init ? `init container "${init}"` : 'its ports or env';
      return { helper: { category: 'proxy', product: mesh.product, reason: `it is named "${name}" and ${why} show ${mesh.product}` } };
    }
  }
  const tail = longRunningScript(script);
  // `tail -f /dev/null` only keeps a container alive; a tailer follows a real file, and ships logs
  // when the file looks like one or the container is named for it (`tail -f /data/$POD` reads data).
  const followed = tailFollowsIn(script).flatMap((follow) => follow.files.filter((file) => !isSpecialPath(file)));
  const logs = followed.some(looksLikeLog) || (followed.length > 0 && /log|tail|ship|forward/i.test(typeof container.name === 'string' ? container.name : ''));
  if (tail && /tail/.test(tail.reason) && logs) {
    return { helper: { category: 'logging', product: 'log tailer', reason: tail.reason } };
  }
  const named = HELPER_NAMES.find((candidate) => candidate.name.test(name));
  if (named) return { helper: { category: named.category, product: named.product, reason: `its name "${name}" is a helper's`, byName: true } };
  return undefined;
}

/** Images of control planes whose pod's proxy is their data plane (a peer, not a helper). */
const CONTROL_PLANES = /(^|\/)(?:contour|envoy-gateway|gateway|istiod|pilot|emissary|ambassador|kong|gloo)(?:-[a-z]+)?$/;

/**
 * Why a helper-looking app container is the pod's purpose (a peer), or undefined. Evidence: a proxy
 * whose arguments make it a gateway or router (`proxy router`, `--service-node … gateway`); a proxy
 * beside a control-plane container it takes its configuration from (Contour's `envoy` beside `contour`).
 */
function peerOf(info: ContainerInfo, apps: readonly ContainerInfo[]): string | undefined {
  if (info.helper?.category !== 'proxy') return undefined;
  if (/\bproxy\s+router\b|\brouter\b.*\bgateway\b|--service-node[ =]\S*gateway/.test(info.script)) return 'it runs as a gateway (router)';
  const plane = apps.find((other) => other !== info && typeof other.container.image === 'string' && CONTROL_PLANES.test(imageRepository(other.container.image)));
  if (plane) return `it is the data plane of ${describeContainer(plane)}, a control plane`;
  return undefined;
}

/** `args` when the arguments alone show the verdict, else `command` (or `args` when there is no command). */
function scriptField(container: IContainer, shows: (script: string) => boolean): 'command' | 'args' {
  if (Array.isArray(container.args) && shows(commandScript(undefined, container.args))) return 'args';
  return Array.isArray(container.command) ? 'command' : 'args';
}

function lifetimeOf(container: IContainer, role: ContainerRole, script: string, found: ReturnType<typeof helperOf>): Lifetime {
  const long = longRunningScript(script);
  if (long) {
    return { kind: 'long-running', reason: long.reason, field: scriptField(container, (text) => longRunningScript(text) !== undefined) };
  }
  const once = oneShotScript(script);
  if (once) return { kind: 'one-shot', reason: once.reason, field: scriptField(container, (text) => oneShotScript(text) !== undefined) };
  if (found?.pattern) {
    const marker = found.pattern.oneShot;
    if (marker && marker.test(script)) {
      return { kind: 'one-shot', reason: `${found.helper.product} is started in its run-once mode`, field: scriptField(container, (text) => marker.test(text)) };
    }
    if (marker && marker.test(envText(container))) {
      return { kind: 'one-shot', reason: `${found.helper.product} is started in its run-once mode`, field: 'env' };
    }
    // An init container that passes its own command or arguments to a helper image usually runs a
    // one-shot tool shipped in it (istio-init runs istio-iptables from proxyv2): only the image's
    // default entrypoint counts as long-running there.
    if (role === 'init' && script.trim() !== '') {
      return { kind: 'unknown', reason: 'it passes its own command to a helper image', field: 'image' };
    }
    if (found.pattern.lifetimeUnknown) return { kind: 'unknown', reason: `${found.helper.reason}, which may or may not exit`, field: 'image' };
    return { kind: 'long-running', reason: `${found.helper.reason}, a long-running process`, field: 'image' };
  }
  return { kind: 'unknown', reason: 'its command does not show whether it exits', field: 'image' };
}

function roleOf(list: ContainerList, container: IContainer): { role: ContainerRole; reason: string } {
  if (list === 'ephemeralContainers') return { role: 'ephemeral', reason: 'listed in ephemeralContainers' };
  if (list === 'containers') return { role: 'app', reason: 'listed in containers' };
  if (container.restartPolicy === 'Always') return { role: 'sidecar', reason: 'init container with restartPolicy: Always (native sidecar)' };
  return { role: 'init', reason: 'init container without restartPolicy: Always' };
}

const LISTS: readonly ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];

/**
 * Every container of a pod spec, in start order: init containers (regular and native sidecars),
 * then app containers, then ephemeral containers. Entries that are not maps are left out
 * (the schema rule reports them).
 */
export interface ContainerLayout {
  readonly initContainers: readonly Path[];
  readonly containers: readonly Path[];
  /** Indexes in `containers` declared as sidecars by the workload (Argo `sidecars`). */
  readonly sidecars: readonly number[];
}

/** What a sidecar declared by the workload (Argo `sidecars:`) is, when its image says nothing more. */
const DECLARED_SIDECAR: Helper = { category: 'agent', product: 'Argo Workflows sidecar', reason: "listed in the template's sidecars" };

export function containersOf(spec: Record<string, unknown>, specPath: Path, layout?: ContainerLayout): ContainerInfo[] {
  const drafts: ContainerInfo[] = [];
  const inits = spec.initContainers;
  const initNames = Array.isArray(inits) ? inits.filter(isRecord).map((entry) => String(entry.name ?? '')) : [];
  for (const list of LISTS) {
    const entries = spec[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: unknown, index) => {
      if (!isRecord(entry)) return;
      const container = entry as unknown as IContainer;
      const { role, reason } = roleOf(list, container);
      const script = commandScript(container.command, container.args);
      const found = helperOf(container, script, initNames);
      const info: ContainerInfo = {
        container,
        name: typeof container.name === 'string' && container.name !== '' ? container.name : `#${index}`,
        role,
        roleReason: reason,
        list,
        index,
        path: (list === 'initContainers' ? layout?.initContainers[index] : list === 'containers' ? layout?.containers[index] : undefined) ?? [...specPath, list, index],
        lifetime: lifetimeOf(container, role, script, found),
        script,
        ...(found ? { helper: found.helper } : {}),
      };
      drafts.push(info);
    });
  }
  const apps = drafts.filter((info) => info.role === 'app');
  if (layout) {
    // The workload says which containers are sidecars (Argo: the template's sidecars, never the main container).
    const declared = new Set(layout.sidecars);
    return drafts.map((info) =>
      info.role === 'app' && declared.has(info.index) ? { ...info, classicSidecar: info.helper ?? DECLARED_SIDECAR } : info,
    );
  }
  const plain = apps.find((info) => !info.helper);
  const main = plain ?? apps[0];
  return drafts.map((info) => {
    if (info.role !== 'app' || !info.helper) return info;
    // A name alone makes a sidecar only beside a plain app container of another image (not datadog's agent, trace-agent…).
    if (info.helper.byName && !plain) return info;
    // …and not when it runs the main container's own image (one product split into processes).
    if (info.helper.byName && plain && typeof plain.container.image === 'string' && typeof info.container.image === 'string' && imageRepository(plain.container.image) === imageRepository(info.container.image)) return info;
    const peer = peerOf(info, apps);
    if (peer) return { ...info, peer };
    return info !== main && info.lifetime.kind !== 'one-shot' ? { ...info, classicSidecar: info.helper } : info;
  });
}

/** `container "log-shipper"` / `sidecar "proxy"` / `init container "setup"` for messages. */
export function describeContainer(info: ContainerInfo): string {
  switch (info.role) {
    case 'sidecar':
      return `native sidecar "${info.name}"`;
    case 'init':
      return `init container "${info.name}"`;
    case 'ephemeral':
      return `ephemeral container "${info.name}"`;
    default:
      return `container "${info.name}"`;
  }
}
