/**
 * How charts and kustomizations are rendered: binaries, Helm values and release settings, from the
 * command line (`--helm`, `--kustomize`, `--values`) and the config's `helm:` block; the PATH comes
 * from the CLI's environment.
 */
import type { ToolEnv } from './tool.js';

export interface HelmSettings {
  /** The helm binary: a path, or a name looked up on PATH (default `helm`). */
  readonly binary?: string;
  /** Values files (`--values`), absolute paths. */
  readonly values?: readonly string[];
  /** `--set key=value` pairs. */
  readonly set?: Readonly<Record<string, string | number | boolean>>;
  readonly releaseName?: string;
  readonly namespace?: string;
  readonly kubeVersion?: string;
}

/** A renderer that takes longer than this is stopped (`render.timeoutSeconds`). */
export const DEFAULT_RENDER_TIMEOUT_SECONDS = 60;
/** A renderer that writes more than this is stopped (`render.maxOutputBytes`). */
export const DEFAULT_RENDER_MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

export interface RenderSettings {
  readonly helm?: HelmSettings;
  /** `kustomize` (run as `kustomize build`) or `kubectl` (as `kubectl kustomize`); default: kustomize on PATH, else kubectl. */
  readonly kustomize?: string;
  /** Kustomize may fetch remote resources (URLs, git); by default a kustomization with any is not built. */
  readonly allowRemote?: boolean;
  /** Limits of one renderer run (the config's `render:`); defaults above. */
  readonly limits?: { readonly timeoutSeconds?: number | undefined; readonly maxOutputBytes?: number | undefined };
  readonly env: ToolEnv;
  /** The working directory, for names in messages. */
  readonly cwd: string;
  /** `--max-file-size`: the largest rendered text, and source file read to map findings back, in MB. */
  readonly maxFileSizeMb?: number | undefined;
  /** Severity of the one finding per chart or overlay whose renderer is not installed (default `error`). */
  readonly missing?: 'error' | 'warning' | 'off';
}

/** A finding's rule id for a chart or kustomization that did not render. */
export const RENDER_ERROR = 'render-error';
