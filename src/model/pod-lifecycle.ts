/**
 * A pod's life as the kubelet runs it, for pictures (`explain`, the HTML report): who starts when and
 * what the next one waits for, who keeps running, who keeps a Job from completing, and the order of
 * shutdown against terminationGracePeriodSeconds; with the volumes the containers share and the ports
 * they own. Pure: the containers of the pod as it will run (`effective-pod.ts`) in, facts out.
 *
 * Kubernetes facts (KEP-753; the pod lifecycle and termination pages):
 * - init containers run one after another; a regular one must exit before the next starts; a native
 *   sidecar (restartPolicy Always) lets the next start once it has started — its startupProbe has
 *   passed and its postStart hook returned, or at once without either;
 * - app containers start together once the init phase is done, in list order, a blocking postStart
 *   hook holding the next (how `holdApplicationUntilProxyStarts` works);
 * - at deletion every preStop hook starts at once; a regular container gets SIGTERM when its preStop
 *   returns; native sidecars get SIGTERM after the last regular container has exited, in reverse
 *   order; at terminationGracePeriodSeconds (30 by default) what still runs gets SIGKILL (sidecars
 *   SIGTERM, then SIGKILL 2 s later);
 * - a Job's pod completes when its regular containers have exited; native sidecars are then stopped.
 */
import type { ContainerInfo } from './containers.js';
import { portsOf, volumeMountsOf } from './container-fields.js';
import { preStopDelay } from './lifecycle.js';
import { blockingPostStart, ISTIO_DEFAULT_DRAIN_SECONDS, istioProxyConfig, parseDuration } from './mesh.js';
import { isLogReader, stopCallFor } from './sidecars.js';
import type { InjectionPlan } from './injectors/index.js';
import { isRecord } from '../load/values.js';

export type LifecycleRole = 'init' | 'native-sidecar' | 'app' | 'classic-sidecar';

/** What lets the next container start after this one. */
export interface Gate {
  readonly kind: 'exit' | 'startup-probe' | 'post-start' | 'started';
  /** `exits`, `next waits: startupProbe`, `next waits: postStart (pilot-agent wait)`, `next starts at once`. */
  readonly text: string;
}

export interface LifecycleEntry {
  readonly info: ContainerInfo;
  readonly role: LifecycleRole;
  /** The step it starts at: init containers one by one from 1, app containers together at the step after. */
  readonly step: number;
  /** For init containers, and app containers with a blocking postStart: what the next one waits for. */
  readonly gate?: Gate;
  /** While the pod runs: `exits` (its work is one-shot), `runs` (until it is stopped), `unknown`. */
  readonly ends: 'exits' | 'runs' | 'unknown';
  /** Seconds its preStop hook keeps it before SIGTERM, when the manifest shows them. */
  readonly preStopSeconds?: number;
  /** Seconds it goes on after SIGTERM, when known (the Istio proxy's drain). */
  readonly drainSeconds?: number;
  readonly drainWhy?: string;
  /** At shutdown: 0 with the regular containers, n ≥ 1 the n-th native sidecar stopped after them. */
  readonly stopOrder: number;
  /** Seconds after deletion it gets SIGTERM, and it is gone (estimated: apps exit on SIGTERM). */
  readonly sigterm: number;
  readonly gone: number;
  /** Why it keeps a Job's pod from completing, when it does. */
  readonly blocksJob?: string;
  /** A regular init container that never exits: the pod stays in Init (`Init:N/M`), nothing after it starts. */
  readonly stuck?: true;
  /** It never starts: a regular init container before it never exits. */
  readonly neverStarts?: true;
}

export interface ShutdownPlan {
  readonly graceSeconds: number;
  readonly graceDefaulted: boolean;
  /** When the last regular container is gone. */
  readonly appsGone: number;
  /** When the last container is gone (at most the grace period plus 2 s). */
  readonly allGone: number;
  /** Containers still running at the grace period: SIGKILL cuts them off (at most 2 s later). */
  readonly killed: readonly ContainerInfo[];
}

export interface VolumeUse {
  readonly name: string;
  /** `emptyDir`, `emptyDir (Memory)`, `configMap`, `persistentVolumeClaim`… */
  readonly kind: string;
  readonly writers: readonly ContainerInfo[];
  readonly readers: readonly ContainerInfo[];
  /** Added by an injector (its label), not in the manifest. */
  readonly injected?: string;
}

export interface PortUse {
  readonly port: number;
  readonly protocol: string;
  readonly name?: string;
  /** The container that declares it, or, for a port an injected proxy owns without declaring it, that proxy. */
  readonly container?: ContainerInfo;
  /** Owned by an injected proxy or agent: what for, and whose. */
  readonly owner?: { readonly label: string; readonly what: string };
}

export interface PodLifecycle {
  /** Containers in start order (ephemeral ones left out). */
  readonly entries: readonly LifecycleEntry[];
  /** The number of init steps (one per init container). */
  readonly initSteps: number;
  readonly shutdown: ShutdownPlan;
  /** For a pod that runs to completion (a Job's, a bare Pod that is not restarted): whether it does, and who keeps it from it. */
  readonly job?: { readonly completes: boolean; readonly blockers: readonly ContainerInfo[] };
  readonly volumes: readonly VolumeUse[];
  readonly ports: readonly PortUse[];
  /** The regular init container that never exits, when one does: the pod stays in Init. */
  readonly stuck?: ContainerInfo;
}

export interface LifecycleInput {
  readonly containers: readonly ContainerInfo[];
  readonly spec: Readonly<Record<string, unknown>>;
  readonly workload: string;
  /** The pod's restartPolicy (`Always` when unset). */
  readonly restartPolicy?: string;
  /** Annotations of the pod (template): the Istio proxy's drain. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly injections?: readonly InjectionPlan[];
}

const DEFAULT_GRACE_SECONDS = 30;
/**
 * What a container still running at the grace period gets before SIGKILL: a sidecar, SIGTERM then
 * 2 s (KEP-753); a container whose preStop hook still runs, a one-off 2 s extension (pod termination).
 */
const KILL_DELAY = 2;

function gateOf(info: ContainerInfo): Gate {
  if (info.role === 'init') return { kind: 'exit', text: 'exits' };
  const hook = blockingPostStart(info);
  const postStart = isRecord(info.container.lifecycle) && isRecord(info.container.lifecycle.postStart);
  // In containers only a postStart hook holds the next one; in initContainers a startupProbe does too.
  if (info.role === 'sidecar' && info.container.startupProbe !== undefined && info.container.startupProbe !== null) return { kind: 'startup-probe', text: 'next waits: startupProbe' };
  if (hook !== undefined) return { kind: 'post-start', text: `next waits: postStart (${hook})` };
  if (postStart) return { kind: 'post-start', text: 'next waits: postStart' };
  return { kind: 'started', text: 'next starts at once' };
}

function roleOf(info: ContainerInfo): LifecycleRole {
  if (info.role === 'init') return 'init';
  if (info.role === 'sidecar') return 'native-sidecar';
  return info.classicSidecar !== undefined ? 'classic-sidecar' : 'app';
}

/** Seconds a proxy goes on after SIGTERM: a classic Istio proxy drains for terminationDrainDuration. */
function drainOf(info: ContainerInfo, annotations: Readonly<Record<string, string>>): { seconds: number; why: string } | undefined {
  if (info.role !== 'app' || info.helper?.product !== 'Istio proxy') return undefined;
  const configured = istioProxyConfig(annotations['proxy.istio.io/config']).terminationDrainDuration;
  const seconds = typeof configured === 'string' ? parseDuration(configured) : undefined;
  return seconds !== undefined ? { seconds, why: `terminationDrainDuration ${configured as string}` } : { seconds: ISTIO_DEFAULT_DRAIN_SECONDS, why: `terminationDrainDuration, default ${ISTIO_DEFAULT_DRAIN_SECONDS}s` };
}

function volumeKind(volume: Record<string, unknown>): string {
  const source = Object.keys(volume).find((key) => key !== 'name') ?? 'volume';
  const emptyDir = volume.emptyDir;
  if (source === 'emptyDir' && isRecord(emptyDir) && emptyDir.medium === 'Memory') return 'emptyDir (Memory)';
  return source;
}

export function podLifecycle(input: LifecycleInput): PodLifecycle {
  const running = input.containers.filter((info) => info.role !== 'ephemeral');
  const inits = running.filter((info) => info.role === 'init' || info.role === 'sidecar');
  const declared: unknown = input.spec.terminationGracePeriodSeconds;
  const grace = typeof declared === 'number' && declared >= 0 ? declared : DEFAULT_GRACE_SECONDS;
  // A Job's pod, or a bare Pod that is not restarted: it completes when its regular containers have exited.
  const batch = input.workload === 'batch' || (input.workload === 'pod' && (input.restartPolicy === 'Never' || input.restartPolicy === 'OnFailure'));
  // Regular containers: SIGTERM when their preStop returns, gone after their drain; a preStop still
  // running at the grace period gets 2 s more, then SIGKILL; a drain past it is cut off there.
  const regular = running.filter((info) => info.role === 'app');
  const timing = new Map<ContainerInfo, { preStop?: number; drain?: { seconds: number; why: string }; sigterm: number; gone: number; killed: boolean }>();
  for (const info of regular) {
    const preStop = preStopDelay(info.container)?.seconds;
    const drain = drainOf(info, input.annotations);
    const optional = { ...(preStop !== undefined ? { preStop } : {}), ...(drain !== undefined ? { drain } : {}) };
    if ((preStop ?? 0) > grace) timing.set(info, { ...optional, sigterm: grace, gone: grace + KILL_DELAY, killed: true });
    else {
      const end = (preStop ?? 0) + (drain?.seconds ?? 0);
      timing.set(info, { ...optional, sigterm: preStop ?? 0, gone: Math.min(end, grace), killed: end > grace });
    }
  }
  const appsGone = Math.max(0, ...regular.map((info) => timing.get(info)!.gone));
  // Native sidecars: after the last regular container, the last started first; at the grace period
  // what still runs gets SIGTERM, and SIGKILL 2 s later.
  const sidecars = inits.filter((info) => info.role === 'sidecar');
  const appsKilled = regular.some((info) => timing.get(info)!.killed);
  let clock = appsGone;
  [...sidecars].reverse().forEach((info) => {
    const preStop = preStopDelay(info.container)?.seconds;
    const start = Math.max(clock, preStop ?? 0);
    const optional = preStop !== undefined ? { preStop } : {};
    if (appsKilled || (preStop ?? 0) > grace) timing.set(info, { ...optional, sigterm: grace, gone: grace + KILL_DELAY, killed: true });
    else timing.set(info, { ...optional, sigterm: start, gone: start, killed: false });
    clock = timing.get(info)!.gone;
  });
  const stopOrder = new Map([...sidecars].reverse().map((info, index) => [info, index + 1] as const));
  const killed = running.filter((info) => timing.get(info)?.killed === true);
  // A long-running container the main one stops when it is done (`…; curl -X POST localhost:15020/quitquitquit`) blocks nothing.
  const blockers = batch ? regular.filter((info) => info.lifetime.kind === 'long-running' && stopCallFor(info, running) === undefined) : [];
  const appStep = inits.length + 1;
  // The first regular init container that runs forever holds the pod in Init.
  const stuck = inits.find((info) => info.role === 'init' && info.lifetime.kind === 'long-running');
  const stuckAt = stuck === undefined ? Number.POSITIVE_INFINITY : running.indexOf(stuck);
  const entries = running.map((info, position): LifecycleEntry => {
    const role = roleOf(info);
    const time = timing.get(info);
    const step = info.role === 'init' || info.role === 'sidecar' ? inits.indexOf(info) + 1 : appStep;
    const gate = info.role === 'app' ? (blockingPostStart(info) !== undefined ? gateOf(info) : undefined) : gateOf(info);
    const ends = info === stuck ? 'runs' : info.role === 'init' ? 'exits' : info.role === 'sidecar' ? 'runs' : info.lifetime.kind === 'long-running' ? 'runs' : info.lifetime.kind === 'one-shot' ? 'exits' : 'unknown';
    const blocks = blockers.includes(info) && regular.some((other) => other.lifetime.kind !== 'long-running')
      ? `it keeps running after ${regular.filter((other) => other.lifetime.kind !== 'long-running').map((other) => `"${other.name}"`).join(', ')} ${regular.filter((other) => other.lifetime.kind !== 'long-running').length === 1 ? 'exits' : 'exit'}`
      : undefined;
    return {
      info,
      role,
      step,
      ...(gate !== undefined ? { gate } : {}),
      ends,
      ...(time?.preStop !== undefined ? { preStopSeconds: time.preStop } : {}),
      ...(time?.drain !== undefined ? { drainSeconds: time.drain.seconds, drainWhy: time.drain.why } : {}),
      stopOrder: stopOrder.get(info) ?? 0,
      sigterm: time?.sigterm ?? 0,
      gone: time?.gone ?? 0,
      ...(blocks !== undefined ? { blocksJob: blocks } : {}),
      ...(info === stuck ? { stuck: true as const } : {}),
      ...(position > stuckAt ? { neverStarts: true as const } : {}),
    };
  });
  const allGone = Math.max(appsGone, ...entries.map((entry) => entry.gone));
  const job = batch ? { completes: !entries.some((entry) => entry.blocksJob !== undefined), blockers: entries.filter((entry) => entry.blocksJob !== undefined).map((entry) => entry.info) } : undefined;
  return {
    entries,
    initSteps: inits.length,
    shutdown: { graceSeconds: grace, graceDefaulted: typeof declared !== 'number', appsGone, allGone, killed },
    ...(job !== undefined ? { job } : {}),
    volumes: volumeUses(input, running),
    ports: portUses(input, running),
    ...(stuck !== undefined ? { stuck } : {}),
  };
}

/** Each volume a container mounts: who may write it (a writable mount, not a log reader's) and who reads it. */
function volumeUses(input: LifecycleInput, running: readonly ContainerInfo[]): VolumeUse[] {
  const volumes = Array.isArray(input.spec.volumes) ? input.spec.volumes.filter(isRecord) : [];
  const uses: VolumeUse[] = [];
  for (const volume of volumes) {
    const name = typeof volume.name === 'string' ? volume.name : '';
    if (name === '' || uses.some((use) => use.name === name)) continue;
    const writers: ContainerInfo[] = [];
    const readers: ContainerInfo[] = [];
    for (const info of running) {
      const mounts = volumeMountsOf(info).filter((mount) => mount.value.name === name);
      if (mounts.length === 0) continue;
      if (mounts.every((mount) => mount.value.readOnly === true) || isLogReader(info)) readers.push(info);
      else writers.push(info);
    }
    if (writers.length + readers.length === 0) continue;
    const injectedBy = input.injections?.find((plan) => plan.volumes.some((item) => item.name === name));
    uses.push({ name, kind: volumeKind(volume), writers, readers, ...(injectedBy !== undefined ? { injected: injectedBy.by.label } : {}) });
  }
  return uses;
}

/** Declared ports, and the ports injected proxies own without declaring them. */
function portUses(input: LifecycleInput, running: readonly ContainerInfo[]): PortUse[] {
  const uses: PortUse[] = [];
  for (const info of running) {
    for (const port of portsOf(info)) {
      const number: unknown = port.value.containerPort;
      if (typeof number !== 'number') continue;
      const protocol = typeof port.value.protocol === 'string' ? port.value.protocol : 'TCP';
      const owner = info.injected === undefined ? undefined : input.injections?.find((plan) => plan.by.injector === info.injected?.injector);
      const owned = owner?.ownedPorts.find((item) => item.port === number && (item.protocol ?? 'TCP') === protocol);
      uses.push({ port: number, protocol, ...(typeof port.value.name === 'string' ? { name: port.value.name } : {}), container: info, ...(owner !== undefined && owned !== undefined ? { owner: { label: owner.by.label, what: owned.what } } : {}) });
    }
  }
  for (const plan of input.injections ?? []) {
    const proxy = running.find((info) => info.injected?.injector === plan.by.injector && (info.injected.role === 'proxy' || info.injected.role === 'collector'));
    for (const owned of plan.ownedPorts) {
      const protocol = owned.protocol ?? 'TCP';
      if (uses.some((use) => use.port === owned.port && use.protocol === protocol && use.container === proxy)) continue;
      uses.push({ port: owned.port, protocol, ...(proxy !== undefined ? { container: proxy } : {}), owner: { label: plan.by.label, what: owned.what } });
    }
  }
  return uses;
}
