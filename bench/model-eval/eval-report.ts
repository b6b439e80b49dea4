/** The results of one evaluation run, as JSON and as a markdown table for docs/benchmarks.md. */
import { EVAL_AGENT_LABELS, type EvalAgentKind } from './create-eval-agent.js';
import type { TaskResult } from './run-eval-task.js';

export interface EvalRun {
  agent: EvalAgentKind;
  outputSchemas: boolean;
  modelId: string;
  apiBase: string;
  maxSteps: number;
  /** The command line, for the record next to the figures. */
  command: string;
  startedAt: string;
  finishedAt?: string | undefined;
  tasks: TaskResult[];
}

export function renderMarkdown(run: EvalRun): string {
  const count = (key: 'steps' | 'inputTokens' | 'outputTokens') => run.tasks.reduce((sum, task) => sum + task[key], 0);
  const successes = run.tasks.filter((task) => task.success).length;
  const rows = run.tasks.map((task) =>
    [
      task.id,
      task.categories.join(', '),
      task.success ? 'yes' : 'no',
      String(task.steps),
      number(task.inputTokens),
      number(task.outputTokens),
      cell(outcome(task)),
    ].join(' | '),
  );
  return [
    `### ${EVAL_AGENT_LABELS[run.agent]}, output schemas ${run.outputSchemas ? 'on' : 'off'}`,
    '',
    `\`${run.command}\` — model \`${run.modelId}\`, maxSteps ${run.maxSteps}, ${run.startedAt}${run.finishedAt ? '' : ' (unfinished)'}`,
    '',
    '| task | category | success | steps | input tokens | output tokens | notes |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
    `| **all ${run.tasks.length}** | | **${successes}/${run.tasks.length}** | ${count('steps')} | ${number(count('inputTokens'))} | ${number(count('outputTokens'))} | |`,
    '',
  ].join('\n');
}

/** A short note: why a run did not succeed, or how many steps failed on the way. No expected values. */
function outcome(task: TaskResult): string {
  if (task.state === 'error') return task.error ?? 'failed';
  const notes = [];
  if (task.state === 'max_steps_error') notes.push('ran out of steps');
  else if (!task.success) notes.push('wrong answer');
  if (task.stepsWithErrors > 0) notes.push(`${task.stepsWithErrors} step${task.stepsWithErrors > 1 ? 's' : ''} with an error`);
  return notes.join('; ');
}

function number(value: number): string {
  return value.toLocaleString('en-US');
}

function cell(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
