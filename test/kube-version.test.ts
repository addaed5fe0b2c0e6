import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_KUBE_VERSION,
  FEATURES,
  featureHistory,
  formatKubeVersion,
  RELEASES,
  supportedReleases,
} from '../src/model/kube-version.js';

const today = new Date().toISOString().slice(0, 10);

/** `YYYY-MM-DD` plus `months` months. */
function addMonths(day: string, months: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}

describe('the release list (src/model/kube-version.ts) is not stale', () => {
  it('the default target is the oldest minor upstream supports today', () => {
    const supported = supportedReleases(today);
    expect(supported.length, `no listed release is supported on ${today}: add the new minors from kubernetes.io/releases`).toBeGreaterThan(0);
    expect(formatKubeVersion(DEFAULT_KUBE_VERSION), `on ${today} the oldest supported minor is ${formatKubeVersion(supported[0]!.version)}`).toBe(
      formatKubeVersion(supported[0]!.version),
    );
  });

  it('lists the newest minor: one is released every ~4 months and supported ~14, so the newest listed ends ≥ 10 months from today', () => {
    const newest = RELEASES[RELEASES.length - 1]!;
    expect(newest.endOfLife >= addMonths(today, 10), `${formatKubeVersion(newest.version)} ends ${newest.endOfLife}: a newer minor is out, add it`).toBe(true);
  });

  it('lists consecutive minors with increasing end-of-life dates', () => {
    RELEASES.slice(1).forEach((release, index) => {
      const previous = RELEASES[index]!;
      expect(release.version.minor).toBe(previous.version.minor + 1);
      expect(release.endOfLife > previous.endOfLife).toBe(true);
    });
  });
});

describe('feature → version table', () => {
  it('holds the versions of the issue', () => {
    expect(featureHistory('nativeSidecars')).toBe('alpha in 1.28, on by default from 1.29, GA in 1.33');
    expect(featureHistory('restartPolicyRules')).toBe('alpha in 1.34, on by default from 1.35');
    expect(featureHistory('restartAllContainers')).toBe('alpha in 1.35, on by default from 1.36');
    expect(FEATURES.restartAllContainers.kep).toBe(5532);
    expect(FEATURES.restartPolicyRules.kep).toBe(5307);
  });

  it('every rule message that names a native-sidecar version names the table\'s (1.28 alpha, 1.29 on by default, 1.33 GA)', () => {
    // Messages are built from the table; a literal "native sidecar… 1.NN" in a rule module would drift.
    for (const file of readdirSync('rules').filter((name) => name.endsWith('.ts'))) {
      const text = readFileSync(join('rules', file), 'utf8');
      for (const match of text.matchAll(/native sidecars?[^'`]{0,80}?(?<!Istio |Linkerd )\b1\.(\d\d)\b/g)) {
        throw new Error(`${file}: literal version in "${match[0]}"; use featureHistory('nativeSidecars')`);
      }
    }
  });
});
