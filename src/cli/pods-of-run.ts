/**
 * What the HTML report draws from a lint run beside its findings: every pod as it will run (the
 * sources the run loaded, watched through `onSource`), and the text of the files findings point
 * into — kept from the run, or, for the template and patch files findings are mapped to, read here:
 * regular files inside the working directory only, at most 2 MB.
 */
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { explainSource, joinFindings } from '../engine/explain.js';
import type { ExplainedPod } from '../engine/explain.js';
import type { LintOptions } from '../engine/lint.js';
import type { KubeVersion } from '../model/kube-version.js';
import type { FileResult } from '../types.js';

const MAX_SHOWN_BYTES = 2 * 1024 * 1024;

export interface PodCollector {
  readonly onSource: NonNullable<LintOptions['onSource']>;
  /** The pods with the run's findings joined. */
  pods(results: readonly FileResult[]): ExplainedPod[];
  sourceText(filePath: string): string | undefined;
}

function inside(root: string, path: string): boolean {
  const rest = relative(root, path);
  return rest === '' || (!rest.startsWith(`..${sep}`) && rest !== '..' && !isAbsolute(rest));
}

export function collectPods(kubernetesVersion: KubeVersion, cwd: string): PodCollector {
  const pods: ExplainedPod[] = [];
  const texts = new Map<string, string>();
  return {
    onSource(source, text, injection) {
      texts.set(source.filePath, text);
      pods.push(...explainSource(source, { kubernetesVersion, injection }));
    },
    pods: (results) => joinFindings(pods, results),
    sourceText(filePath) {
      const kept = texts.get(filePath);
      if (kept !== undefined) return kept;
      try {
        const root = realpathSync(cwd);
        const path = realpathSync(resolve(cwd, filePath));
        const stats = lstatSync(path);
        if (!inside(root, path) || !stats.isFile() || stats.size > MAX_SHOWN_BYTES) return undefined;
        const text = readFileSync(path, 'utf8');
        texts.set(filePath, text);
        return text;
      } catch {
        return undefined;
      }
    },
  };
}
