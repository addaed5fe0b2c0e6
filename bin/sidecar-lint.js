#!/usr/bin/env node
// The command line (bin/load-cli.js says which bundle).
import { loadCli } from './load-cli.js';

// `sidecar-lint … | head`: the reader has gone; stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`sidecar-lint: cannot write the report: ${error.code ?? error.message}\n`);
  process.exit(2);
});

const cli = await loadCli();
const args = process.argv.slice(2);
process.exitCode = await cli.main(args);
// A cache made by `--help` or `--version` would hold little of what a lint run compiles.
if (!args.some((arg) => /^(?:-h|-v|--help|--version)$/.test(arg))) cli.save();
