#!/usr/bin/env node
// The language server on stdin/stdout: the same as `sidecar-lint --lsp` (docs/editors.md).
import { loadWithCodeCache } from '../dist/bundle/compile-cache.js';

const cli = loadWithCodeCache(new URL('../dist/bundle/cli.cjs', import.meta.url).pathname);
process.exitCode = await cli.exports.main(['--lsp', ...process.argv.slice(2)]);
