/** The command line of `npm run eval`, validated: every bad value gets an error naming what is accepted. */
import { parseArgs } from 'node:util';
import { EVAL_AGENT_KINDS, type EvalAgentKind } from './create-eval-agent.js';
import { EVAL_TASKS } from './tasks/index.js';

export interface EvalOptions {
  agent: EvalAgentKind;
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:PORT/v1 (the relay). */
  apiBase: string;
  modelId: string;
  /** Task ids, in the task set's order. */
  taskIds: string[];
  outputSchemas: boolean;
  /** The JSON results; the markdown table goes beside it (same name, `.md`). */
  out: string;
  /** Gets a file named DONE when every task has run. */
  doneDir?: string | undefined;
}

export class EvalUsageError extends Error {
  override readonly name = 'EvalUsageError';
}

export const EVAL_USAGE = `Usage: npm run eval -- --agent js|python|tool-calling --api-base URL [options]

Runs the model-in-the-loop task set (bench/model-eval/) with one agent type and writes the results.

  --agent KIND          js (CodeAgent, QuickJS), python (CodeAgent, PyodideExecutor) or tool-calling (ToolCallingAgent)
  --api-base URL        OpenAI-compatible server, e.g. http://127.0.0.1:PORT/v1 for the relay
  --tasks a,b           only these tasks (default: all): ${EVAL_TASKS.map((task) => task.id).join(', ')}
  --no-output-schema    give the tools no output schema (the model sees only "object"/"dict")
  --out FILE            results as JSON, and FILE with .md as a markdown table
                        (default: bench/model-eval/results/AGENT[-no-output-schema].json)
  --done-dir DIR        write DIR/DONE when every task has run
  --model-id ID         model name sent to the server (default: relay)
  -h, --help            this text`;

/** Parses the arguments after `npm run eval --`; returns undefined when help was asked for. */
export function parseEvalArguments(argv: readonly string[]): EvalOptions | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        agent: { type: 'string' },
        'api-base': { type: 'string' },
        tasks: { type: 'string' },
        'no-output-schema': { type: 'boolean' },
        out: { type: 'string' },
        'done-dir': { type: 'string' },
        'model-id': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new EvalUsageError((error as Error).message);
  }
  if (values.help) return undefined;

  const agent = values.agent;
  if (agent === undefined) throw new EvalUsageError(`--agent is required: ${EVAL_AGENT_KINDS.join(', ')}.`);
  if (!(EVAL_AGENT_KINDS as readonly string[]).includes(agent)) {
    throw new EvalUsageError(`Unknown --agent '${agent}': use ${EVAL_AGENT_KINDS.join(', ')}.`);
  }
  const apiBase = values['api-base'];
  if (apiBase === undefined) throw new EvalUsageError('--api-base is required, e.g. --api-base http://127.0.0.1:PORT/v1.');
  if (!/^https?:$/.test(safeProtocol(apiBase))) throw new EvalUsageError(`--api-base must be an http(s) URL, got '${apiBase}'.`);
  const outputSchemas = !values['no-output-schema'];
  const kind = agent as EvalAgentKind;
  return {
    agent: kind,
    apiBase,
    modelId: nonEmpty(values['model-id'], '--model-id') ?? 'relay',
    taskIds: parseTaskIds(values.tasks),
    outputSchemas,
    out: nonEmpty(values.out, '--out') ?? `bench/model-eval/results/${kind}${outputSchemas ? '' : '-no-output-schema'}.json`,
    doneDir: nonEmpty(values['done-dir'], '--done-dir'),
  };
}

function safeProtocol(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

function nonEmpty(value: string | undefined, option: string): string | undefined {
  if (value !== undefined && value.trim() === '') throw new EvalUsageError(`${option} needs a value.`);
  return value;
}

function parseTaskIds(list: string | undefined): string[] {
  const known = EVAL_TASKS.map((task) => task.id);
  if (list === undefined) return known;
  const wanted = list.split(',').map((id) => id.trim()).filter((id) => id.length > 0);
  const unknown = wanted.filter((id) => !known.includes(id));
  if (unknown.length > 0) throw new EvalUsageError(`Unknown task${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: the tasks are ${known.join(', ')}.`);
  if (wanted.length === 0) throw new EvalUsageError('--tasks names no task.');
  return known.filter((id) => wanted.includes(id));
}
