/** `npm run eval -- --agent js|python|tool-calling --api-base URL [...]`: see bench/model-eval/README.md. */
import { EVAL_USAGE, EvalUsageError, parseEvalArguments } from './eval-arguments.js';
import { renderMarkdown } from './eval-report.js';
import { runEvaluation } from './run-evaluation.js';

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseEvalArguments(argv);
  } catch (error) {
    if (!(error instanceof EvalUsageError)) throw error;
    process.stderr.write(`${error.message}\n(npm run eval -- --help lists the options.)\n`);
    return 2;
  }
  if (!options) {
    process.stdout.write(`${EVAL_USAGE}\n`);
    return 0;
  }
  const run = await runEvaluation({
    ...options,
    command: ['npm run eval --', ...argv].join(' '),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`\n${renderMarkdown(run)}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
