import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EvalUsageError, parseEvalArguments } from '../../bench/model-eval/eval-arguments.js';
import { EVAL_TASKS } from '../../bench/model-eval/tasks/index.js';

const base = ['--agent', 'js', '--api-base', 'http://127.0.0.1:9/v1'];

describe('npm run eval arguments', () => {
  test('defaults: every task, output schemas on, results under bench/model-eval/results', () => {
    assert.deepEqual(parseEvalArguments(base), {
      agent: 'js',
      apiBase: 'http://127.0.0.1:9/v1',
      modelId: 'relay',
      taskIds: EVAL_TASKS.map((task) => task.id),
      outputSchemas: true,
      out: 'bench/model-eval/results/js.json',
      doneDir: undefined,
    });
    assert.equal(parseEvalArguments(['--help']), undefined);
  });

  test('--tasks keeps the set’s order; --no-output-schema changes the default output file', () => {
    const options = parseEvalArguments([...base, '--agent', 'tool-calling', '--tasks', 'metric-profile, city-density', '--no-output-schema', '--done-dir', 'relay']);
    assert.deepEqual(options?.taskIds, ['city-density', 'metric-profile']);
    assert.equal(options?.out, 'bench/model-eval/results/tool-calling-no-output-schema.json');
    assert.equal(options?.doneDir, 'relay');
    assert.equal(parseEvalArguments([...base, '--out', 'x.json', '--model-id', 'm'])?.out, 'x.json');
  });

  test('bad values get an error that says what is accepted', () => {
    const cases: [string[], RegExp][] = [
      [['--api-base', 'http://x/v1'], /--agent is required: js, python, tool-calling/],
      [['--agent', 'ruby', '--api-base', 'http://x/v1'], /Unknown --agent 'ruby': use js, python, tool-calling/],
      [['--agent', 'js'], /--api-base is required/],
      [['--agent', 'js', '--api-base', 'localhost:8080'], /must be an http\(s\) URL/],
      [[...base, '--tasks', 'city-density,atlantis'], /Unknown task atlantis: the tasks are city-density, /],
      [[...base, '--tasks', ','], /names no task/],
      [[...base, '--out', ''], /--out needs a value/],
      [[...base, '--max-steps', '3'], /Unknown option '--max-steps'/],
    ];
    for (const [argv, message] of cases) assert.throws(() => parseEvalArguments(argv), (error: unknown) => error instanceof EvalUsageError && message.test(error.message), argv.join(' '));
  });
});
