#!/usr/bin/env node
// The CLI bundled into one file at build time (scripts/bundle.mjs) for a fast start.
import { main } from '../dist/bundle/cli.js';

process.exitCode = await main(process.argv.slice(2));
