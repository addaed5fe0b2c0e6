/**
 * The Kubernetes version model, in one place: the target version type, the upstream releases with
 * their end-of-life dates (the default target is the oldest one upstream still supports), and one
 * table of feature → version that every version-aware rule and its message read, so that all
 * messages name the same versions (test/kube-version.test.ts fails when the release list is stale).
 */

/** Target Kubernetes version (`major.minor`), as given by `--kube-version` or `kubernetesVersion`. */
export interface KubeVersion {
  readonly major: number;
  readonly minor: number;
}

export interface Release {
  readonly version: KubeVersion;
  /** End of life (`YYYY-MM-DD`), from https://kubernetes.io/releases/. */
  readonly endOfLife: string;
}

/**
 * Upstream minors with their end-of-life dates (kubernetes.io/releases, read 2026-12-02). On that day
 * upstream supports 1.35, 1.36 and 1.37; add each new minor here and move the default with it.
 */
export const RELEASES: readonly Release[] = [
  { version: { major: 1, minor: 33 }, endOfLife: '2026-06-28' },
  { version: { major: 1, minor: 34 }, endOfLife: '2026-10-27' },
  { version: { major: 1, minor: 35 }, endOfLife: '2027-02-28' },
  { version: { major: 1, minor: 36 }, endOfLife: '2027-06-28' },
  { version: { major: 1, minor: 37 }, endOfLife: '2027-10-28' },
];

/** The releases upstream still supports on `day` (`YYYY-MM-DD`), oldest first. */
export function supportedReleases(day: string): Release[] {
  return RELEASES.filter((release) => release.endOfLife >= day);
}

/** The default target: the oldest minor upstream supports (1.35 on 2026-12-02). */
export const DEFAULT_KUBE_VERSION: KubeVersion = { major: 1, minor: 35 };

/** A version-gated feature: when it arrived (alpha, off by default), went on by default, and went GA. */
export interface Feature {
  /** How messages name it: "native sidecars". */
  readonly name: string;
  /** The feature gate, when there is one. */
  readonly gate?: string;
  readonly kep?: number;
  /** Alpha, off by default. */
  readonly alpha: KubeVersion;
  /** On by default (beta or GA). */
  readonly onByDefault: KubeVersion;
  readonly ga?: KubeVersion;
}

const v = (minor: number): KubeVersion => ({ major: 1, minor });

/** Feature → versions: the one table version advice comes from. */
export const FEATURES = {
  /** Init containers with restartPolicy: Always (KEP-753). */
  nativeSidecars: { name: 'native sidecars', gate: 'SidecarContainers', kep: 753, alpha: v(28), onByDefault: v(29), ga: v(33) },
  /** restartPolicy on regular containers and restartPolicyRules (KEP-5307). */
  restartPolicyRules: { name: 'container restart rules', gate: 'ContainerRestartRules', kep: 5307, alpha: v(34), onByDefault: v(35) },
  /** The RestartAllContainers action of restartPolicyRules (KEP-5532). */
  restartAllContainers: { name: 'the RestartAllContainers action', gate: 'RestartAllContainersOnContainerExits', kep: 5532, alpha: v(35), onByDefault: v(36) },
  /** lifecycle sleep action (KEP-3960). */
  sleepAction: { name: 'the sleep lifecycle action', gate: 'PodLifecycleSleepAction', kep: 3960, alpha: v(29), onByDefault: v(30) },
  /** lifecycle sleep of 0 seconds (KEP-4818). */
  sleepZero: { name: 'a zero sleep', gate: 'PodLifecycleSleepActionAllowZero', kep: 4818, alpha: v(32), onByDefault: v(33) },
  /** subPath on image volumes (KEP-4639). */
  imageVolumeSubPath: { name: 'subPath on image volumes', alpha: v(33), onByDefault: v(33) },
} as const satisfies Record<string, Feature>;

export type FeatureId = keyof typeof FEATURES;

/** `1.29`, `v1.29`, `1.29.3` → `{ major: 1, minor: 29 }`; undefined when it is not a version. */
export function parseKubeVersion(text: string): KubeVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** True when `version` is at least `major.minor`. */
export function atLeast(version: KubeVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

/** True when `version` is at least `other`. */
export function atLeastVersion(version: KubeVersion, other: KubeVersion): boolean {
  return atLeast(version, other.major, other.minor);
}

/** The feature is on by default in `version`. */
export function hasFeature(version: KubeVersion, feature: FeatureId): boolean {
  return atLeastVersion(version, FEATURES[feature].onByDefault);
}

/** The feature exists in `version` but only behind its (off-by-default) gate. */
export function featureGated(version: KubeVersion, feature: FeatureId): boolean {
  return atLeastVersion(version, FEATURES[feature].alpha) && !hasFeature(version, feature);
}

export function formatKubeVersion(version: KubeVersion): string {
  return `${version.major}.${version.minor}`;
}

/** The version a feature is on by default from: `1.29`. */
export function featureVersion(feature: FeatureId): string {
  return formatKubeVersion(FEATURES[feature].onByDefault);
}

/**
 * Its history for messages, one wording everywhere: "alpha in 1.28, on by default from 1.29, GA in 1.33".
 */
export function featureHistory(feature: FeatureId): string {
  const entry: Feature = FEATURES[feature];
  const parts: string[] = [];
  if (atLeastVersion(entry.onByDefault, entry.alpha) && formatKubeVersion(entry.alpha) !== formatKubeVersion(entry.onByDefault)) {
    parts.push(`alpha in ${formatKubeVersion(entry.alpha)}`);
  }
  parts.push(`on by default from ${formatKubeVersion(entry.onByDefault)}`);
  if (entry.ga) parts.push(`GA in ${formatKubeVersion(entry.ga)}`);
  return parts.join(', ');
}
