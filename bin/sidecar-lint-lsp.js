#!/usr/bin/env node
// The language server on stdin/stdout: the same as `sidecar-lint --lsp` (docs/editors.md).
import { loadCli } from './load-cli.js';

const cli = await loadCli();
process.exitCode = await cli.main(['--lsp', ...process.argv.slice(2)]);
