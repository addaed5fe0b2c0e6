/**
 * Service-mesh facts a pod's manifest shows: whether Istio or Linkerd injects (or has injected) a
 * proxy, and the proxy settings that change startup and shutdown — Istio's
 * `holdApplicationUntilProxyStarts`, `terminationDrainDuration` and native-sidecar annotation,
 * Linkerd's `proxy-await`, `proxy-wait-before-exit-seconds` and native-sidecar option.
 */
import { parse } from 'yaml';
import type { ContainerInfo } from './containers.js';

export type MeshKind = 'istio' | 'linkerd';

export interface Mesh {
  readonly kind: MeshKind;
  /** Why: `annotation "sidecar.istio.io/inject"`, `container "istio-proxy"`. */
  readonly reason: string;
  /** Istio `holdApplicationUntilProxyStarts` from `proxy.istio.io/config`, when set. */
  readonly holdApplicationUntilProxyStarts?: boolean;
  /**
   * Istio `sidecar.istio.io/nativeSidecar` / Linkerd `proxy-enable-native-sidecar`, when set (Linkerd:
   * `config.alpha.linkerd.io/` 2.15–2.18 → `config.beta.linkerd.io/` 2.19 → `config.linkerd.io/` 2.20,
   * native by default there; the newest name present wins).
   */
  readonly nativeSidecar?: boolean;
  /** Istio `terminationDrainDuration` in seconds, when set in `proxy.istio.io/config`. */
  readonly drainSeconds?: number;
  /** Linkerd `proxy-wait-before-exit-seconds`, when set. */
  readonly waitBeforeExitSeconds?: number;
  /** Linkerd `proxy-await`, when set. */
  readonly proxyAwait?: boolean;
}

/** Istio's default `terminationDrainDuration`. */
export const ISTIO_DEFAULT_DRAIN_SECONDS = 5;

const ISTIO_KEY = /^(?:sidecar|proxy|traffic\.sidecar|readiness\.status\.sidecar|status\.sidecar)\.istio\.io\//;
const LINKERD_KEY = /^(?:linkerd\.io\/inject|config(?:\.alpha|\.beta)?\.linkerd\.io\/)/;

function isOff(value: string | undefined): boolean {
  return value !== undefined && /^(?:false|disabled|no|off)$/i.test(value.trim());
}

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (/^(?:true|enabled|yes|on)$/i.test(value.trim())) return true;
  if (isOff(value)) return false;
  return undefined;
}

/** `5s`, `1m30s`, `500ms`, `2h` → seconds; undefined when it is not a Go duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(?:\d+(?:\.\d+)?(?:h|m|s|ms|us|µs|ns))+$/.test(trimmed)) return undefined;
  const scale: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) {
    total += Number(match[1]) * (scale[match[2] ?? ''] ?? 0);
  }
  return total;
}

/** Istio's `proxy.istio.io/config` annotation (a YAML or JSON map of ProxyConfig fields); `{}` when absent or unreadable. */
export function istioProxyConfig(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  try {
    const value: unknown = parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function firstOf(annotations: Readonly<Record<string, string>>, keys: readonly string[]): string | undefined {
  for (const key of keys) if (annotations[key] !== undefined) return annotations[key];
  return undefined;
}

function istio(annotations: Readonly<Record<string, string>>, proxy: ContainerInfo | undefined): Mesh | undefined {
  const key = Object.keys(annotations).find((name) => ISTIO_KEY.test(name));
  if (isOff(annotations['sidecar.istio.io/inject']) && !proxy) return undefined;
  if (!key && !proxy) return undefined;
  const config = istioProxyConfig(annotations['proxy.istio.io/config']);
  const hold = config.holdApplicationUntilProxyStarts;
  const drain = typeof config.terminationDrainDuration === 'string' ? parseDuration(config.terminationDrainDuration) : undefined;
  const native = flag(annotations['sidecar.istio.io/nativeSidecar']);
  return {
    kind: 'istio',
    reason: proxy ? `container "${proxy.name}"` : `annotation "${key}"`,
    ...(typeof hold === 'boolean' ? { holdApplicationUntilProxyStarts: hold } : {}),
    ...(drain !== undefined ? { drainSeconds: drain } : {}),
    ...(native !== undefined ? { nativeSidecar: native } : {}),
  };
}

function linkerd(annotations: Readonly<Record<string, string>>, proxy: ContainerInfo | undefined): Mesh | undefined {
  const key = Object.keys(annotations).find((name) => LINKERD_KEY.test(name));
  if (isOff(annotations['linkerd.io/inject']) && !proxy) return undefined;
  if (!key && !proxy) return undefined;
  const native = flag(
    firstOf(annotations, [
      'config.linkerd.io/proxy-enable-native-sidecar',
      'config.beta.linkerd.io/proxy-enable-native-sidecar',
      'config.alpha.linkerd.io/proxy-enable-native-sidecar',
    ]),
  );
  const wait = firstOf(annotations, [
    'config.linkerd.io/proxy-wait-before-exit-seconds',
    'config.beta.linkerd.io/proxy-wait-before-exit-seconds',
    'config.alpha.linkerd.io/proxy-wait-before-exit-seconds',
  ]);
  const waitSeconds = wait !== undefined && /^\d+$/.test(wait.trim()) ? Number(wait) : undefined;
  const proxyAwait = flag(annotations['config.linkerd.io/proxy-await']);
  return {
    kind: 'linkerd',
    reason: proxy ? `container "${proxy.name}"` : `annotation "${key}"`,
    ...(native !== undefined ? { nativeSidecar: native } : {}),
    ...(waitSeconds !== undefined ? { waitBeforeExitSeconds: waitSeconds } : {}),
    ...(proxyAwait !== undefined ? { proxyAwait } : {}),
  };
}

/**
 * The mesh a pod belongs to, as its annotations (pod template first, then the owning object) and
 * its containers show it; undefined when nothing shows one.
 */
export function meshOf(
  annotationSources: readonly Readonly<Record<string, string>>[],
  containers: readonly ContainerInfo[],
): Mesh | undefined {
  const annotations: Record<string, string> = {};
  for (const source of [...annotationSources].reverse()) Object.assign(annotations, source);
  const istioProxy = containers.find((info) => info.helper?.product === 'Istio proxy' && info.role !== 'init');
  const linkerdProxy = containers.find((info) => info.helper?.product === 'Linkerd proxy' && info.role !== 'init');
  if (istioProxy) return istio(annotations, istioProxy);
  if (linkerdProxy) return linkerd(annotations, linkerdProxy);
  return istio(annotations, undefined) ?? linkerd(annotations, undefined);
}

function envValue(info: ContainerInfo, name: string): string | undefined {
  const env = Array.isArray(info.container.env) ? info.container.env : [];
  const found = env.find((variable) => variable?.name === name);
  return found && typeof found.value === 'string' ? found.value : undefined;
}

/**
 * Why the mesh vendor keeps this proxy classic on purpose, or undefined. Linkerd's identity
 * controller sets `LINKERD_DISABLED: "linkerd-await cannot block the identity controller"` on its
 * own container, and its chart renders that pod's proxy classic whatever `proxy.nativeSidecar` says
 * (linkerd/linkerd2 b24cd40, charts/linkerd-control-plane/templates/identity.yaml l.175-176 and
 * l.234): the identity controller issues the certificates every other proxy waits for, so its proxy
 * cannot start first and block it. The variable may sit on the proxy or on an app container.
 */
export function keptClassicOnPurpose(info: ContainerInfo, containers: readonly ContainerInfo[] = [info]): string | undefined {
  if (info.helper?.product !== 'Linkerd proxy' && envValue(info, 'LINKERD_DISABLED') === undefined) return undefined;
  for (const candidate of [info, ...containers.filter((other) => other !== info && other.role === 'app')]) {
    const disabled = envValue(candidate, 'LINKERD_DISABLED');
    if (disabled !== undefined) return `LINKERD_DISABLED is set ("${disabled}")`;
  }
  return undefined;
}

/**
 * True for a pod of Linkerd's own control plane (its chart or `linkerd install` labels each with
 * `linkerd.io/control-plane-component`, charts/linkerd-control-plane/templates/destination.yaml
 * l.11 at b24cd40): its proxies are written by the chart, not injected, so they change through the
 * chart's values (`proxy.nativeSidecar`, `proxy.resources`), not through pod annotations.
 */
export function isLinkerdControlPlane(labels: Readonly<Record<string, string>>): boolean {
  return labels['linkerd.io/control-plane-component'] !== undefined;
}

/**
 * The blocking postStart hook that already makes the kubelet wait for a classic proxy before it
 * starts the next container (`pilot-agent wait`, `linkerd-await`), or undefined. Such a proxy, listed
 * first, does not start in parallel with the app; only shutdown stays unordered.
 */
export function blockingPostStart(info: ContainerInfo): string | undefined {
  const hook = info.container.lifecycle?.postStart;
  const command = hook?.exec?.command;
  if (!Array.isArray(command)) return undefined;
  const text = command.join(' ');
  const match = /pilot-agent\s+wait|linkerd-await/.exec(text);
  return match ? match[0] : undefined;
}
