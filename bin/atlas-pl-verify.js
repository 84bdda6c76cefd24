#!/usr/bin/env node
// Thin shim: the verifier is TypeScript compiled to dist/ by `npm run build` (run by `prepare`).
'use strict';
const path = require('path');

let cli;
try {
  cli = require(path.join(__dirname, '..', 'dist', 'verify', 'cli.js'));
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('cli.js')) {
    process.stderr.write('atlas-pl-verify: dist/verify/cli.js is missing; run `npm run build` first\n');
    process.exit(2);
  }
  throw error;
}
cli.runAsProcess();
