/**
 * Which containers of a pod are sidecars, whatever their form: native sidecars (init containers
 * with restartPolicy: Always) and classic ones (a known helper next to the main app container).
 */
import { aProduct, describeContainer } from './containers.js';
import type { ContainerInfo, Helper } from './containers.js';
import { portsOf, volumeMountsOf } from './container-fields.js';
import { shutdownCalls } from './shutdown-calls.js';
import type { ShutdownCall } from './shutdown-calls.js';

/** True for a native sidecar or a classic one. */
export function isSidecar(info: ContainerInfo): boolean {
  return info.role === 'sidecar' || info.classicSidecar !== undefined;
}

/** What the sidecar is, when known: the helper of a native sidecar, the classification of a classic one. */
export function sidecarHelper(info: ContainerInfo): Helper | undefined {
  if (info.role === 'sidecar') return info.helper;
  return info.classicSidecar;
}

/** `native sidecar "proxy"` / `container "proxy" (a classic sidecar)` for messages. */
export function describeSidecar(info: ContainerInfo): string {
  return info.role === 'sidecar' ? describeContainer(info) : `${describeContainer(info)} (a classic sidecar)`;
}

/** A sidecar that only reads files other containers write: log shippers and tailers. */
export function isLogReader(info: ContainerInfo): boolean {
  return isSidecar(info) && sidecarHelper(info)?.category === 'logging';
}

/** Sidecars that carry the pod's traffic: service-mesh proxies and database proxies. */
export function isOnRequestPath(info: ContainerInfo): boolean {
  const category = sidecarHelper(info)?.category;
  return category === 'proxy' || category === 'database-proxy';
}

/**
 * Helpers whose work other containers can use only through a shared volume or a port: log
 * shippers, metrics agents, config reloaders, data-sync agents. (Proxies carry traffic without being
 * called; secrets agents hand out credentials; helpers of unknown kind may do anything.)
 */
export function isSelfContained(helper: Helper | undefined): boolean {
  const category = helper?.category;
  return category === 'logging' || category === 'metrics' || category === 'exporter' || category === 'reloader' || category === 'sync';
}

/** k8s-sidecar (kiwigrid): writes the ConfigMaps and Secrets it watches to files (its first copy is an init container's job). */
const CONFIG_WATCHER = 'k8s-sidecar (ConfigMap/Secret to files)';

/** A helper that only watches configuration files (a reloader) or writes ConfigMaps and Secrets to files (k8s-sidecar). */
export function isConfigWatcher(info: ContainerInfo): boolean {
  return info.helper?.category === 'reloader' || info.helper?.product === CONFIG_WATCHER;
}

/**
 * Why a classic helper gains nothing from starting before and stopping after the app, or undefined
 * when it may (a proxy the app's traffic goes through, a log shipper, an agent the app calls or
 * sends to, a sync the app reads at startup):
 * - a config reloader or a ConfigMap/Secret watcher (configmap-reload, prometheus-config-reloader,
 *   k8s-sidecar) only watches files and signals the app: started after it, it finds the files as
 *   they are; stopped before it, the app keeps the configuration it has;
 * - an exporter polls the app's own endpoint: before the app is up it reports it down, and nothing
 *   the app produces waits for it;
 * - an inbound auth proxy (kube-rbac-proxy) guards a port the app serves; the app's own traffic
 *   never goes through it.
 */
export function noOrderingNeed(helper: Helper): string | undefined {
  if (helper.category === 'reloader' || helper.product === CONFIG_WATCHER) return 'it only watches configuration files and tells the app to reload them';
  if (helper.category === 'exporter') return "it only polls the app's own endpoint";
  if (helper.category === 'auth-proxy') return 'it guards a port the app serves, and the app sends nothing through it';
  return undefined;
}

/**
 * One problem, one finding: in a Job or CronJob, a long-running app container next to a main
 * container that exits keeps the Job from completing. That is job-sidecar-blocks-completion's finding
 * (the most specific, an error); prefer-native-sidecar and sidecar-restart-never fold into it and stay
 * silent for that container (docs/precision.md).
 */
export function blocksJobCompletion(workload: string, containers: readonly ContainerInfo[], info: ContainerInfo): boolean {
  if (workload !== 'batch' || info.role !== 'app' || info.lifetime.kind !== 'long-running') return false;
  if (stopCallFor(info, containers) !== undefined) return false;
  return containers.some((other) => other.role === 'app' && other.lifetime.kind !== 'long-running');
}

/** A shutdown call of an app container (the Job's main one) and who makes it. */
export interface StopCall {
  readonly caller: ContainerInfo;
  readonly call: ShutdownCall;
}

/** The call an app container that exits makes to stop `info` when its work is done, and that runs; undefined when none does. */
export function stopCallFor(info: ContainerInfo, containers: readonly ContainerInfo[]): StopCall | undefined {
  const product = info.helper?.product;
  if (product === undefined) return undefined;
  for (const caller of containers) {
    if (caller === info || caller.role !== 'app' || caller.lifetime.kind === 'long-running') continue;
    const call = shutdownCalls(caller.script).find((item) => item.runs && item.stops.includes(product));
    if (call !== undefined) return { caller, call };
  }
  return undefined;
}

/**
 * A call an app container makes to stop a sidecar that never runs (it became arguments of the
 * command before it, `shutdown-calls.ts`), when no call of that container runs; undefined otherwise.
 */
export function swallowedStopCall(containers: readonly ContainerInfo[]): StopCall | undefined {
  for (const caller of containers) {
    if (caller.role !== 'app' || caller.lifetime.kind === 'long-running') continue;
    const calls = shutdownCalls(caller.script);
    const swallowed = calls.find((item) => !item.runs);
    if (swallowed !== undefined && !calls.some((item) => item.runs)) return { caller, call: swallowed };
  }
  return undefined;
}

function mentionsLocalPort(text: string, ports: readonly number[]): boolean {
  return ports.some((port) => new RegExp(String.raw`(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0):${port}\b`).test(text));
}

function textOf(info: ContainerInfo): string {
  const env = Array.isArray(info.container.env) ? info.container.env : [];
  const values = env.map((variable) => (typeof variable?.value === 'string' ? variable.value : '')).join(' ');
  return `${info.script} ${values}`;
}

/**
 * Why the containers started after a native sidecar need it to be ready, or undefined when nothing
 * shows that they do. Evidence, in order: it carries their traffic or credentials (a proxy, a database
 * proxy, a secrets agent); a later container talks to it on localhost at one of its ports (command,
 * arguments or env); a later container mounts a volume it mounts writable (it reads what the sidecar
 * writes); it is a log or telemetry receiver serving a port (the app sends to it). A client sidecar
 * calling the app, a watcher or a tailer that only reads shows none of these.
 */
export function readinessNeededBy(info: ContainerInfo, later: readonly ContainerInfo[]): string | undefined {
  const helper = info.helper;
  if (helper && (helper.category === 'proxy' || helper.category === 'database-proxy' || helper.category === 'secrets')) {
    return `it is ${aProduct(helper)}`;
  }
  const ports = portsOf(info)
    .map((port) => port.value.containerPort)
    .filter((port): port is number => typeof port === 'number');
  const caller = later.find((other) => mentionsLocalPort(textOf(other), ports));
  if (caller) return `${describeContainer(caller)} talks to it on localhost`;
  const written = new Set(volumeMountsOf(info).filter((mount) => mount.value.readOnly !== true).map((mount) => mount.value.name));
  const reader = later.find((other) => volumeMountsOf(other).some((mount) => written.has(mount.value.name)));
  if (reader && !(helper?.category === 'logging')) return `${describeContainer(reader)} mounts a volume it writes`;
  if (ports.length > 0 && (helper?.category === 'logging' || helper?.category === 'metrics')) return `it receives ${helper.product} traffic on a port`;
  return undefined;
}
