/**
 * The naive floor: read every manifest under the given folders and run yaml's `parseAllDocuments`
 * and `toJS` on all of it, nothing else. sidecar-lint is measured against this.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

function walk(dir: string, into: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, into);
    else if (/\.(ya?ml|json)$/i.test(entry.name)) into.push(path);
  }
}

let documents = 0;
for (const root of process.argv.slice(2)) {
  const files: string[] = [];
  walk(root, files);
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { logLevel: 'silent' })) {
      try {
        doc.toJS();
      } catch {
        // An alias bomb or a bad merge: the floor only measures the work.
      }
      documents++;
    }
  }
}
process.stdout.write(`${documents} documents\n`);
