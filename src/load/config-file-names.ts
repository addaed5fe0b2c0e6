/**
 * The names of sidecar-lint's own configuration files. The config stage finds them upward from a
 * folder; the loader never lints one as a manifest (a walk skips it, and a name given on the
 * command line, as pre-commit gives every staged YAML file, is left out with a notice).
 */
export const CONFIG_FILE_NAMES = ['.sidecar-lint.yaml', '.sidecar-lint.yml', '.sidecar-lint.json'] as const;

export function isConfigFileName(name: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(name);
}
