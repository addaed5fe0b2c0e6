/**
 * Files that end-to-end test frameworks read as expectations, not as manifests to apply: they are
 * compared with what a cluster holds (an assert file) or must not match it (an errors file), and
 * create nothing. sidecar-lint lints no pod in them (docs/precision.md, "Not a manifest to apply").
 *
 * By each framework's own rules:
 * - KUTTL (kudobuilder/kuttl d691781e39c6a427878bbc2e0657307524fe833e, internal/file/name.go
 *   `fileNameRegex` and `Parse`): a step file is `<index>-<name>(-<more>)((.gotmpl).yaml)`; its
 *   first name component `assert` or `errors` (compared lower-cased) makes it an assert or errors
 *   file. In the test case folder the index is required (internal/utils/files/files.go,
 *   `CollectTestStepFiles`); the files of a step folder (`<index>-<name>/`) are parsed the same way
 *   without one.
 * - Chainsaw (kyverno/chainsaw 62507786544506beada880c522e1673768b3316d, pkg/discovery/step.go
 *   `StepFileName` and `TryFindStepFiles`): a conventional step file is `<index>-<name>.yaml|yml`;
 *   the name `assert` makes it an assert step, `errors` an error step.
 * - A KUTTL `TestAssert` object (`kuttl.dev/v1beta1`) belongs in an assert file only.
 */

export interface TestFile {
  readonly framework: 'KUTTL' | 'Chainsaw';
  readonly role: 'assert' | 'errors';
}

/** kuttl internal/file/name.go l.47, anchored the same way. */
const KUTTL_NAME = /^(\d+-)?([^-.]+)(-[^.]+)?((?:\.gotmpl)?\.yaml)?$/;
/** chainsaw pkg/discovery/step.go l.9. */
const CHAINSAW_NAME = /^(\d+)-(.*)\.(?:yaml|yml)$/;
/** A KUTTL step folder: it holds an index like the step files do. */
const STEP_FOLDER = /^\d+-/;

/** The last two segments of a path written with `/` or `\`. */
function lastSegments(path: string): { readonly name: string; readonly folder: string } {
  const parts = path.split(/[\\/]/);
  return { name: parts[parts.length - 1] ?? '', folder: parts[parts.length - 2] ?? '' };
}

/** The test framework that reads this file as an assert or errors file, by its name; undefined for any other file. */
export function testFileOf(path: string): TestFile | undefined {
  const { name, folder } = lastSegments(path);
  const chainsaw = CHAINSAW_NAME.exec(name);
  if (chainsaw?.[2] === 'assert' || chainsaw?.[2] === 'errors') return { framework: 'Chainsaw', role: chainsaw[2] };
  const kuttl = KUTTL_NAME.exec(name);
  // Only YAML files: the extension group is optional in the pattern, but sidecar-lint reads no other step file.
  if (kuttl === null || kuttl[4] === undefined) return undefined;
  const first = (kuttl[2] ?? '').toLowerCase();
  if (first !== 'assert' && first !== 'errors') return undefined;
  if (kuttl[1] === undefined && !STEP_FOLDER.test(folder)) return undefined;
  return { framework: 'KUTTL', role: first };
}

/** True for a KUTTL `TestAssert` object, which only an assert file holds. */
export function isTestAssert(apiVersion: string, kind: string): boolean {
  return kind === 'TestAssert' && apiVersion.startsWith('kuttl.dev/');
}
