/** Target Kubernetes version (`major.minor`), as given by `--kube-version` or `kubernetesVersion`. */
export interface KubeVersion {
  readonly major: number;
  readonly minor: number;
}

export const DEFAULT_KUBE_VERSION: KubeVersion = { major: 1, minor: 33 };

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

export function formatKubeVersion(version: KubeVersion): string {
  return `${version.major}.${version.minor}`;
}
