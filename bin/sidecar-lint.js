#!/usr/bin/env node
// The CLI bundled into one file at build time (scripts/bundle.mjs) for a fast start.
import { main } from '../dist/bundle/cli.js';

// `sidecar-lint … | head`: the reader has gone; stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`sidecar-lint: cannot write the report: ${error.code ?? error.message}\n`);
  process.exit(2);
});

process.exitCode = await main(process.argv.slice(2));
