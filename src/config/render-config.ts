/**
 * The config's rendering settings (`helm:`, `kustomize:`, `render:`, `rendererMissing:`): their
 * schema, and what a schema cannot say well. A repository's config is input like its manifests, and
 * these values end up on helm's command line, so each is checked to be what it claims to be: a
 * release name and a namespace are DNS names (`--set-file=…` is neither), `set:` keys are key paths,
 * a Kubernetes version is one, and a values file lies inside the config file's folder (helm would
 * read `/etc/passwd` as values, and templates can print them).
 */
import { reallyInside } from '../load/inside.js';
import type { JsonSchema } from '../engine/rule.js';
import type { SeveritySetting } from '../types.js';

export interface RenderConfig {
  /** How charts are rendered (src/render/): values files are relative to the config file. */
  readonly helm?: {
    readonly binary?: string;
    readonly values?: readonly string[];
    readonly set?: Readonly<Record<string, string | number | boolean>>;
    readonly releaseName?: string;
    readonly namespace?: string;
    readonly kubeVersion?: string;
  };
  /** How kustomizations are rendered: `kustomize` or `kubectl` (a name on PATH or a path), and whether remote resources may be fetched. */
  readonly kustomize?: { readonly binary?: string; readonly allowRemote?: boolean };
  /** Limits of one renderer run (defaults in src/render/settings.ts). */
  readonly render?: { readonly timeoutSeconds?: number; readonly maxOutputBytes?: number };
  /** Severity of the one finding per chart or overlay whose renderer is not installed. */
  readonly rendererMissing?: SeveritySetting;
}

export const RENDER_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  helm: {
    type: 'object',
    additionalProperties: false,
    properties: {
      binary: { type: 'string', minLength: 1 },
      values: { type: 'array', items: { type: 'string', minLength: 1 } },
      set: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
      releaseName: { type: 'string', minLength: 1 },
      namespace: { type: 'string', minLength: 1 },
      kubeVersion: { type: 'string', minLength: 1 },
    },
  },
  kustomize: { type: 'object', additionalProperties: false, properties: { binary: { type: 'string', minLength: 1 }, allowRemote: { type: 'boolean' } } },
  render: {
    type: 'object',
    additionalProperties: false,
    properties: {
      // At most an hour and 4 GB: a chart that needs more is not one to lint.
      timeoutSeconds: { type: 'number', exclusiveMinimum: 0, maximum: 3600 },
      maxOutputBytes: { type: 'integer', minimum: 1, maximum: 4 * 1024 * 1024 * 1024 },
    },
  },
  rendererMissing: { enum: ['off', 'warning', 'error'] },
};

/** Helm's own rule for a release name (at most 53 characters). */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** `image.tag`, `sidecars[0].name`, `podAnnotations.prometheus\.io/scrape`: what `--set` takes as a key. */
const SET_KEY = /^(?:[A-Za-z0-9_/-]|\\\.)+(?:\[\d+\])*(?:\.(?:[A-Za-z0-9_/-]|\\\.)+(?:\[\d+\])*)*$/;
const KUBE_VERSION = /^v?\d+\.\d+(\.\d+)?$/;

/** What is wrong with the rendering settings of a config in `baseDir` (its folder), or undefined. */
export function renderConfigProblem(data: RenderConfig, baseDir: string): string | undefined {
  const helm = data.helm ?? {};
  const quoted = (value: string) => JSON.stringify(value);
  if (helm.releaseName !== undefined && (helm.releaseName.length > 53 || !RELEASE_NAME.test(helm.releaseName))) {
    return `helm.releaseName: ${quoted(helm.releaseName)} is not a release name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 53 characters`;
  }
  if (helm.namespace !== undefined && (helm.namespace.length > 63 || !DNS_LABEL.test(helm.namespace))) {
    return `helm.namespace: ${quoted(helm.namespace)} is not a namespace name: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`;
  }
  if (helm.kubeVersion !== undefined && !KUBE_VERSION.test(helm.kubeVersion)) {
    return `helm.kubeVersion: ${quoted(helm.kubeVersion)} is not a Kubernetes version: expected MAJOR.MINOR, for example 1.35`;
  }
  const badKey = Object.keys(helm.set ?? {}).find((key) => !SET_KEY.test(key));
  if (badKey !== undefined) {
    return `helm.set: ${quoted(badKey)} is not a value's key path: names of letters, digits, '_', '-' and '/' joined by '.', with [N] list indexes (write a '.' inside a name as '\\.')`;
  }
  for (const [index, file] of (helm.values ?? []).entries()) {
    if (!reallyInside(file, baseDir)) {
      return `helm.values[${index}]: ${quoted(file)} is not inside the config file's folder: a configuration's values files must be in the repository it belongs to (give other files with --values on the command line)`;
    }
  }
  return undefined;
}
