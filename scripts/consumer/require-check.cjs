// require() from a CommonJS file of the user's project: the same classes as import().
const assert = require('node:assert/strict');
const required = require('smolagents-ts');
assert.equal(typeof required.CodeAgent, 'function');
assert.equal(typeof required.tool, 'function');
import('smolagents-ts').then((imported) => {
  assert.equal(required.CodeAgent, imported.CodeAgent, 'one copy of the library for both module systems');
  console.log('require ok');
});
