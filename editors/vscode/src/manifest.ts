/**
 * Which open documents the server is told about. The extension activates on every YAML and JSON
 * file, but a workflow, a tsconfig.json or a values.yaml is no business of sidecar-lint's: like the
 * Kubernetes extension, it looks for a Kubernetes object, an `apiVersion` and a `kind` at the top
 * level of a YAML document (a Helm template's too) or of a JSON object, and else leaves the document
 * alone (the server is not even started until one such document is open). sidecar-lint's own config
 * files, and package.json (which may hold a `sidecar-lint` key), are its business too: the server
 * reports their problems on them.
 */

const CONFIG_FILES = new Set(['.sidecar-lint.yaml', '.sidecar-lint.yml', '.sidecar-lint.json', 'package.json']);

/** `apiVersion:` and `kind:` as keys of a top-level YAML map (column 0), each with a value. */
const YAML_API_VERSION = /^apiVersion:[ \t]*\S/m;
const YAML_KIND = /^kind:[ \t]*\S/m;
/** The same keys in JSON: anywhere, since JSON manifests are indented in every way. */
const JSON_API_VERSION = /"apiVersion"\s*:/;
const JSON_KIND = /"kind"\s*:/;

/** Only so much of a document is looked at: a manifest says what it is near its top. */
const LOOK_AT = 256 * 1024;

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

export function shouldLint(fileName: string, languageId: string, text: string): boolean {
  if (CONFIG_FILES.has(baseName(fileName))) return true;
  const head = text.length > LOOK_AT ? text.slice(0, LOOK_AT) : text;
  if (languageId === 'json') return JSON_API_VERSION.test(head) && JSON_KIND.test(head);
  return YAML_API_VERSION.test(head) && YAML_KIND.test(head);
}
