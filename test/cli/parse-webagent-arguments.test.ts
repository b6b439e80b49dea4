import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CliUsageError } from '../../src/cli/cli-errors.js';
import { parseWebAgentArguments } from '../../src/cli/parse-webagent-arguments.js';

describe('parseWebAgentArguments', () => {
  it('reads the seed guide command and the browser flags', () => {
    const options = parseWebAgentArguments([
      "go to xyz.com/men, get to sale section, click the first clothing item you see. Get the product details, and the price, return them. note that I'm shopping from France",
      '--model-type', 'LiteLLMModel',
      '--model-id', 'gpt-4o',
      '--headed',
      '--start-url', 'https://xyz.com/men',
      '--allow', 'https://xyz.com,https://*.xyz-cdn.com',
      '--allow', 'https://pay.xyz.com',
      '--max-steps', '12',
      '--browser-path', '/opt/chrome/chrome',
      '--downloads', './downloads',
      '--json',
      '-q',
    ]);
    assert.match(options.task!, /^go to xyz\.com\/men, get to sale section/);
    assert.equal(options.modelType, 'LiteLLMModel');
    assert.equal(options.modelId, 'gpt-4o');
    assert.equal(options.headed, true);
    assert.equal(options.startUrl, 'https://xyz.com/men');
    assert.deepEqual(options.allow, ['https://xyz.com', 'https://*.xyz-cdn.com', 'https://pay.xyz.com']);
    assert.equal(options.maxSteps, 12);
    assert.equal(options.browserPath, '/opt/chrome/chrome');
    assert.equal(options.downloads, './downloads');
    assert.equal(options.json, true);
    assert.equal(options.level, 'quiet');
  });

  it('defaults: headless, any origin, no downloads', () => {
    const options = parseWebAgentArguments(['a task']);
    assert.equal(options.headed, false);
    assert.deepEqual(options.allow, []);
    assert.equal(options.startUrl, undefined);
    assert.equal(options.downloads, undefined);
    assert.equal(options.maxSteps, undefined);
  });

  it('refuses what it cannot use', () => {
    assert.throws(() => parseWebAgentArguments([]), (error: unknown) => error instanceof CliUsageError && /needs a task/.test(error.message));
    assert.throws(() => parseWebAgentArguments(['t', '--max-steps', 'ten']), /--max-steps needs a positive whole number, got 'ten'/);
    assert.throws(() => parseWebAgentArguments(['t', '--start-url', ' ']), /--start-url needs a value/);
    assert.throws(() => parseWebAgentArguments(['t', '--executor', 'docker']), /Unknown option '--executor'.*\(see webagent --help\)$/);
    assert.equal(parseWebAgentArguments(['--help']).help, true, 'no task needed for --help');
  });
});
