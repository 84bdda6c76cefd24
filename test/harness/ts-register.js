// Lets a child process run the harness's TypeScript files directly: `node -r ./ts-register.js x.ts`.
// Uses the same compiler Jest uses (@swc/core), so no build step and no extra dependency.
'use strict';
const fs = require('fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
