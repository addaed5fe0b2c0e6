#!/usr/bin/env node
// The language server on stdin/stdout: the same as `sidecar-lint --lsp` (docs/editors.md).
import { main } from '../dist/bundle/cli.js';

process.exitCode = await main(['--lsp', ...process.argv.slice(2)]);
