/**
 * Fixture manifests mark what they expect on the line itself:
 *   - name: logs   # expect: volume-mount-undefined
 *   image: envoy   # expect: rule-a, rule-b:15
 * A marked finding is expected at that line, at the column of the line's first key or item
 * (after indentation and "- "), or at the explicit column after the colon.
 * Header comments set the run: `# kube-version: 1.28`, `# options: {"max": 3}`, and for injector
 * profiles `# injectors: istio@1.27, vault` (or the config's list as JSON) and `# namespaces: {"payments": {"istio-injection": "enabled"}}`.
 */
import { readFileSync } from 'node:fs';
import type { Finding } from '../../src/types.js';

export interface Expected {
  readonly ruleId: string;
  readonly line: number;
  readonly column: number;
}

export interface FixtureSettings {
  readonly kubeVersion?: string;
  readonly options?: Record<string, unknown>;
  /** `--injector`-style profiles (`istio@1.27, vault`), or the config's list as JSON (`[{"istio": {"cni": true}}]`). */
  readonly injectors?: unknown[];
  readonly namespaces?: Record<string, Record<string, string>>;
}

const RULE_ITEM = String.raw`[a-z0-9@/-]+(?::\d+)?`;
const MARKER = new RegExp(String.raw`#\s*expect:\s*(${RULE_ITEM}(?:\s*,\s*${RULE_ITEM})*)\s*$`);

export function expectationsIn(text: string): Expected[] {
  const expected: Expected[] = [];
  text.split(/\r?\n/).forEach((lineText, index) => {
    const marker = MARKER.exec(lineText);
    if (!marker?.[1]) return;
    const defaultColumn = (/^(\s*(?:-\s+)*)/.exec(lineText)?.[1]?.length ?? 0) + 1;
    for (const item of marker[1].split(',')) {
      const [ruleId, column] = item.trim().split(':');
      if (!ruleId) continue;
      expected.push({ ruleId, line: index + 1, column: column ? Number(column) : defaultColumn });
    }
  });
  return expected;
}

export function settingsIn(text: string): FixtureSettings {
  const kubeVersion = /^#\s*kube-version:\s*(\S+)/m.exec(text)?.[1];
  const options = /^#\s*options:\s*(\{.*\})\s*$/m.exec(text)?.[1];
  const injectors = /^#\s*injectors:\s*(.+?)\s*$/m.exec(text)?.[1];
  const namespaces = /^#\s*namespaces:\s*(\{.*\})\s*$/m.exec(text)?.[1];
  return {
    ...(injectors ? { injectors: injectors.startsWith('[') ? (JSON.parse(injectors) as unknown[]) : injectors.split(',').map((item) => item.trim()).filter((item) => item !== '') } : {}),
    ...(namespaces ? { namespaces: JSON.parse(namespaces) as Record<string, Record<string, string>> } : {}),
    ...(kubeVersion ? { kubeVersion } : {}),
    ...(options ? { options: JSON.parse(options) as Record<string, unknown> } : {}),
  };
}

export function readFixture(path: string): string {
  return readFileSync(path, 'utf8');
}

export function keyOf(item: Expected | Finding): string {
  if ('region' in item) return `${item.ruleId}@${item.region.start.line}:${item.region.start.column}`;
  return `${item.ruleId}@${item.line}:${item.column}`;
}

export function sortedKeys(items: readonly (Expected | Finding)[]): string[] {
  return items.map(keyOf).sort();
}
