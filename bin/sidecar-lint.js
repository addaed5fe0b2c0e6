#!/usr/bin/env node
// The command line: dist/bundle/cli.cjs, built at build time (scripts/bundle.mjs) and loaded
// through V8's code cache for a fast start (src/cli/compile-cache.ts).
import { loadWithCodeCache } from '../dist/bundle/compile-cache.js';

// `sidecar-lint … | head`: the reader has gone; stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`sidecar-lint: cannot write the report: ${error.code ?? error.message}\n`);
  process.exit(2);
});

const cli = loadWithCodeCache(new URL('../dist/bundle/cli.cjs', import.meta.url).pathname);
const args = process.argv.slice(2);
process.exitCode = await cli.exports.main(args);
// A cache made by `--help` or `--version` would hold little of what a lint run compiles.
if (!args.some((arg) => /^(?:-h|-v|--help|--version)$/.test(arg))) cli.save();
