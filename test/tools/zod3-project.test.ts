import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../cli/run-smolagent.js';

// A project on zod 3.25: the program below runs with every `zod` import — the library's own (it uses
// `zod/v4`, which zod 3.25 ships) — resolving to the zod 3.25 installed as `zod3`. Its tools and its
// agents' output schemas are zod 3 schemas (the classic API).
test('a project on zod 3.25: zod 3 tool schemas and output schemas work end to end, and so do the built-in tools', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', './test/support/zod3-as-zod.mjs', '--import', 'tsx', 'test/fixtures/zod3-project/typed-run.ts'],
    { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } },
  );
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
  assert.equal(report.zodIsVersion3, true, 'zod resolved to zod 3');

  // CodeAgent: the zod 3 schemas are rendered; a bad tool result and a bad final answer are errors the model reads.
  assert.deepEqual(report.codeOutput, { city: 'Paris', density: 19949 });
  assert.match(report.codeSystemPrompt, /declare function city_facts\(args: \{ city: string; unit\?: "km2" \| "mi2" \}\): Promise<\{\n {2}population: number;\n {2}area: number;\n\}>;/);
  assert.match(report.codeSystemPrompt, /declare function final_answer\(answer: \{\n {2}city: string;\n {2}density: number;\n\}\): never;/);
  const observations = report.codeObservations.join('\n');
  assert.match(observations, /Tool 'city_facts' returned a result that does not match its declared result type: population: Expected number, received string/);
  assert.match(observations, /The final answer was refused, and the task goes on: it does not have the required shape \(density: Required\)/);

  // ToolCallingAgent: final_answer's parameters carry the zod 3 answer schema; bad arguments list the enum values.
  assert.deepEqual(report.callingOutput, { city: 'Paris', density: 19949 });
  const finalAnswer = report.callingDefinitions.find((definition: { name: string }) => definition.name === 'final_answer');
  assert.deepEqual(finalAnswer.parameters.properties.answer.required, ['city', 'density']);
  assert.match(report.callingMessages.join('\n'), /Invalid arguments for tool 'city_facts': unit: .*Expected parameters: city \(string, required\), unit \(string, one of "km2" \| "mi2"\)\./);

  // The library's own tools are built with zod/v4, here zod 3.25's: their descriptions still reach the model.
  assert.equal(report.webSearchParameters.properties.query.description, 'The search query to perform.');
});
