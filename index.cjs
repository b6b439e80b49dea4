'use strict';
// require('smolagents-ts'). The library is ES modules only, with no top-level await, so one copy
// serves both module systems: Node 20.19+ / 22.12+ load it through require(esm), and CommonJS and
// ESM callers share the same classes (no dual-package `instanceof` surprises).
if (!process.features || !process.features.require_module) {
  throw new Error(
    `require('smolagents-ts') needs a Node.js that can require() ES modules (20.19+, 22.12+); this is ${process.version}. ` +
      "Use `await import('smolagents-ts')` instead, or upgrade Node.js.",
  );
}
module.exports = require('./dist/index.js');
