/**
 * `explain`'s text: per pod, its containers in start order (placeholder until the timeline lands).
 */
import type { ExplainedPod } from '../engine/explain.js';
import type { KubeVersion } from '../model/kube-version.js';
import { escapeForTerminal } from './terminal-escape.js';

export interface TimelineOptions {
  readonly color: boolean;
  readonly unicode: boolean;
  readonly width?: number;
  readonly kubernetesVersion: KubeVersion;
  readonly cwd: string;
}

export function formatTimelines(pods: readonly ExplainedPod[], _options: TimelineOptions): string {
  return pods
    .map((pod) => {
      const lines = [`${pod.object.kind}/${pod.object.name} ${pod.filePath}:${pod.line}`];
      for (const info of pod.containers) lines.push(`  ${info.name} ${info.role}${info.injected ? ` [${info.injected.label}]` : ''}`);
      return escapeForTerminal(lines.join('\n'), { lineFeeds: true });
    })
    .join('\n\n')
    .concat('\n');
}
