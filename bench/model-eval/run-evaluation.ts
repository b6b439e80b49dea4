/**
 * Runs the chosen tasks one after another with one agent type and an OpenAI-compatible model,
 * writing the results after every task (so an interrupted evaluation keeps what it measured) and
 * DIR/DONE at the end, so that whoever plays the model through the relay knows to stop.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { OpenAIServerModel } from '../../src/index.js';
import { renderMarkdown, type EvalRun } from './eval-report.js';
import type { EvalOptions } from './eval-arguments.js';
import { runEvalTask } from './run-eval-task.js';
import { EVAL_TASKS } from './tasks/index.js';

export const EVAL_MAX_STEPS = 8;
/** A person writes each completion by hand: a reply may take many minutes, and must not be re-requested. */
const MODEL_TIMEOUT_MS = 3 * 60 * 60 * 1000;

export interface RunEvaluationOptions extends EvalOptions {
  /** The command line recorded with the results. */
  command: string;
  /** Progress lines (default: none). */
  log?: ((line: string) => void) | undefined;
}

export async function runEvaluation(options: RunEvaluationOptions): Promise<EvalRun> {
  const log = options.log ?? (() => {});
  const model = new OpenAIServerModel({
    modelId: options.modelId,
    apiBase: options.apiBase,
    apiKey: 'not-needed',
    maxRetries: 0, // a retry would show the relay's players the same request twice
    timeoutMs: MODEL_TIMEOUT_MS,
  });
  const run: EvalRun = {
    agent: options.agent,
    outputSchemas: options.outputSchemas,
    modelId: options.modelId,
    apiBase: options.apiBase,
    maxSteps: EVAL_MAX_STEPS,
    command: options.command,
    startedAt: new Date().toISOString(),
    tasks: [],
  };
  const markdownPath = options.out.replace(/(\.json)?$/i, '.md');
  const tasks = EVAL_TASKS.filter((task) => options.taskIds.includes(task.id));
  try {
    await mkdir(dirname(options.out), { recursive: true });
    for (const [index, task] of tasks.entries()) {
      log(`[${index + 1}/${tasks.length}] ${task.id} ...`);
      const result = await runEvalTask(task, { agent: options.agent, model, outputSchemas: options.outputSchemas, maxSteps: EVAL_MAX_STEPS });
      run.tasks.push(result);
      log(`[${index + 1}/${tasks.length}] ${task.id}: ${result.success ? 'success' : `no (${result.state})`}, ${result.steps} steps, ${result.inputTokens} input tokens`);
      await save(run, options.out, markdownPath);
    }
    run.finishedAt = new Date().toISOString();
    await save(run, options.out, markdownPath);
    log(`results: ${options.out}, ${markdownPath}`);
  } finally {
    if (options.doneDir) {
      await mkdir(options.doneDir, { recursive: true });
      const summary = `${run.tasks.filter((task) => task.success).length}/${tasks.length} tasks succeeded${run.finishedAt ? '' : ' (the evaluation stopped early)'}\n`;
      await writeFile(join(options.doneDir, 'DONE'), summary);
    }
  }
  return run;
}

async function save(run: EvalRun, jsonPath: string, markdownPath: string): Promise<void> {
  await writeFile(jsonPath, `${JSON.stringify(run, null, 2)}\n`);
  await writeFile(markdownPath, renderMarkdown(run));
}
