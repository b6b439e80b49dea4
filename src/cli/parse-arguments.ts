import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-errors.js';
import { describeParseError } from './usage-messages.js';

export type AgentType = 'code' | 'tool-calling';
export type ExecutorName = 'quickjs' | 'pyodide' | 'docker' | 'e2b';

/** What the command line asks for, validated. */
export interface CliOptions {
  /** Absent: start an interactive session. */
  task?: string | undefined;
  modelType?: string | undefined;
  modelId?: string | undefined;
  apiBase?: string | undefined;
  apiKey?: string | undefined;
  provider?: string | undefined;
  agentType: AgentType;
  /** Default tool names and paths to modules exporting tools. */
  tools: string[];
  /** Modules the sandbox code may import. */
  imports: string[];
  instructions?: string | undefined;
  planningInterval?: number | undefined;
  maxSteps?: number | undefined;
  /** Every model request built from memory stays within this many tokens. */
  maxTokensMemory?: number | undefined;
  executor: ExecutorName;
  /** Run a shared agent instead of building one: a Hub repository or a saved folder. */
  fromHub?: string;
  fromFolder?: string;
  /** Save the agent to this folder after the run. */
  save?: string;
  /** Let a shared agent's tool modules run in this process (plain-JavaScript tools run sandboxed without it). */
  trustRemoteCode: boolean;
  stream: boolean;
  json: boolean;
  level: 'quiet' | 'normal' | 'verbose';
  /** Write every run to this run-record file (JSON lines). */
  record?: string | undefined;
  help: boolean;
  version: boolean;
  /** Values of the `extraOptions` a subcommand added (e.g. `ui`'s --port), by name. */
  extra: Record<string, string | boolean | undefined>;
}

/** Options a subcommand accepts beside the run options (`smolagent ui --port N`). */
export type ExtraOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** The model flags; `webagent` takes the same ones. */
export const MODEL_OPTIONS = {
  'model-type': { type: 'string' },
  'model-id': { type: 'string' },
  'api-base': { type: 'string' },
  'api-key': { type: 'string' },
  provider: { type: 'string' },
} as const;

/** How a run is logged and its answer printed; `webagent` takes the same ones. */
export const OUTPUT_OPTIONS = {
  stream: { type: 'boolean' },
  json: { type: 'boolean' },
  record: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

const OPTIONS = {
  ...MODEL_OPTIONS,
  'agent-type': { type: 'string' },
  tools: { type: 'string', multiple: true },
  imports: { type: 'string', multiple: true },
  instructions: { type: 'string' },
  'planning-interval': { type: 'string' },
  'max-steps': { type: 'string' },
  'max-tokens-memory': { type: 'string' },
  executor: { type: 'string' },
  'from-hub': { type: 'string' },
  'from-folder': { type: 'string' },
  save: { type: 'string' },
  'trust-remote-code': { type: 'boolean' },
  ...OUTPUT_OPTIONS,
} as const;

/** Options that take a list; like smolagents' `nargs="*"`, words after them extend the list. */
const LIST_OPTIONS = new Set(['tools', 'imports']);

const AGENT_TYPES: Record<string, AgentType> = {
  code: 'code',
  codeagent: 'code',
  'tool-calling': 'tool-calling',
  tool_calling: 'tool-calling',
  toolcalling: 'tool-calling',
  toolcallingagent: 'tool-calling',
};

const EXECUTORS: Record<string, ExecutorName> = {
  quickjs: 'quickjs',
  local: 'quickjs',
  pyodide: 'pyodide',
  docker: 'docker',
  e2b: 'e2b',
};

export function parseCliArguments(argv: readonly string[], extraOptions: ExtraOptions = {}): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...extraOptions, ...OPTIONS }, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new CliUsageError(describeParseError(error, Object.keys(OPTIONS).map((name) => `--${name}`)));
  }
  const { values, tokens } = parsed;

  // A word right after --tools/--imports extends that list when the task came earlier
  // (`smolagent "task" --imports pandas numpy`); otherwise words make up the task.
  const taskWords: string[] = [];
  const extra: Record<string, string[]> = { tools: [], imports: [] };
  let lastList: string | undefined;
  for (const token of tokens) {
    if (token.kind === 'option') lastList = LIST_OPTIONS.has(token.name) ? token.name : undefined;
    else if (token.kind === 'positional') {
      if (lastList && taskWords.length > 0) extra[lastList]!.push(token.value);
      else {
        taskWords.push(token.value);
        lastList = undefined;
      }
    } else lastList = undefined;
  }

  const output = outputOptionsOf(values);
  const agentType = pick(values['agent-type'] ?? 'code', AGENT_TYPES, '--agent-type', 'code, tool-calling');
  const executor = pick(values.executor ?? 'quickjs', EXECUTORS, '--executor', 'quickjs, pyodide, docker, e2b');
  if (values.executor && agentType !== 'code') throw new CliUsageError('--executor applies to the code agent only (--agent-type code).');
  const task = taskWords.join(' ').trim();
  checkSharingFlags(values);

  return {
    task: task === '' ? undefined : task,
    ...modelOptionsOf(values),
    agentType,
    tools: splitList([...(values.tools ?? []), ...extra.tools!]),
    imports: splitList([...(values.imports ?? []), ...extra.imports!]),
    instructions: values.instructions,
    planningInterval: positiveInteger(values['planning-interval'], '--planning-interval'),
    maxSteps: positiveInteger(values['max-steps'], '--max-steps'),
    maxTokensMemory: positiveInteger(values['max-tokens-memory'], '--max-tokens-memory'),
    executor,
    ...(values['from-hub'] !== undefined ? { fromHub: values['from-hub'] } : {}),
    ...(values['from-folder'] !== undefined ? { fromFolder: values['from-folder'] } : {}),
    ...(values.save !== undefined ? { save: values.save } : {}),
    trustRemoteCode: values['trust-remote-code'] ?? false,
    ...output,
    extra: Object.fromEntries(Object.keys(extraOptions).map((name) => [name, (values as Record<string, string | boolean | undefined>)[name]])),
  };
}

/** The model flags' values, as `createModel` takes them. */
export function modelOptionsOf(values: { [Key in keyof typeof MODEL_OPTIONS]?: string | undefined }): Pick<CliOptions, 'modelType' | 'modelId' | 'apiBase' | 'apiKey' | 'provider'> {
  return { modelType: values['model-type'], modelId: values['model-id'], apiBase: values['api-base'], apiKey: values['api-key'], provider: values.provider };
}

/** The output flags' values (how the run is logged, recorded and its answer printed). */
export function outputOptionsOf(values: {
  [Key in keyof typeof OUTPUT_OPTIONS]?: (typeof OUTPUT_OPTIONS)[Key]['type'] extends 'string' ? string | undefined : boolean | undefined;
}): Pick<CliOptions, 'stream' | 'json' | 'level' | 'record' | 'help' | 'version'> {
  if (values.quiet && values.verbose) throw new CliUsageError('--quiet and --verbose cannot be used together.');
  if (values.record !== undefined && values.record.trim() === '') throw new CliUsageError('--record needs a file path, e.g. --record run.jsonl.');
  return {
    stream: values.stream ?? false,
    json: values.json ?? false,
    level: values.quiet ? 'quiet' : values.verbose ? 'verbose' : 'normal',
    record: values.record,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

/** A shared agent brings its own tools and settings: flags that would build another agent are refused. */
function checkSharingFlags(values: Record<string, unknown>): void {
  const source = values['from-hub'] !== undefined ? '--from-hub' : values['from-folder'] !== undefined ? '--from-folder' : undefined;
  if (values['from-hub'] !== undefined && values['from-folder'] !== undefined) throw new CliUsageError('Use --from-hub or --from-folder, not both.');
  for (const flag of ['from-hub', 'from-folder', 'save']) {
    if (values[flag] === '') throw new CliUsageError(`--${flag} needs a value.`);
  }
  if (!source) {
    if (values['trust-remote-code']) throw new CliUsageError('--trust-remote-code applies to a shared agent (--from-hub or --from-folder).');
    return;
  }
  const conflicting = ['tools', 'imports', 'agent-type', 'executor', 'instructions', 'planning-interval'].filter((flag) => values[flag] !== undefined);
  if (conflicting.length > 0) {
    throw new CliUsageError(`--${conflicting[0]} cannot be used with ${source}: the shared agent brings its own tools and settings (--max-steps still applies).`);
  }
}

/** "web_search,./tools.ts" and "pandas numpy" alike: commas or spaces separate items. */
function splitList(values: string[]): string[] {
  return [...new Set(values.flatMap((value) => value.split(/[\s,]+/)).filter((item) => item !== ''))];
}

function pick<T>(value: string, table: Record<string, T>, flag: string, allowed: string): T {
  const found = table[value.toLowerCase()];
  if (found === undefined) throw new CliUsageError(`Unknown ${flag} '${value}': use one of ${allowed}.`);
  return found;
}

export function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new CliUsageError(`${flag} needs a positive whole number, got '${value}'.`);
  return number;
}

export const MODEL_HELP = `Model
  --model-type TYPE        Model class: OpenAIServerModel, InferenceClientModel, AzureOpenAIServerModel, ...
                           (default: chosen from the environment: HF_TOKEN, OPENAI_API_KEY, ...)
  --model-id ID            Model id, e.g. gpt-4o-mini or Qwen/Qwen2.5-Coder-32B-Instruct
  --api-base URL           Base URL of an OpenAI-compatible server, e.g. http://localhost:11434/v1
  --api-key KEY            API key (default: the provider's environment variable)
  --provider NAME          Inference provider (InferenceClientModel)
`;

export const OUTPUT_HELP = `Output
  --stream                 Write the model's tokens to the log as they arrive
  --json                   Print the full result (output, state, steps, tokenUsage, timing) as JSON
  --record FILE            Write each run to FILE as JSON lines: model requests and replies, code, tool
                           calls, observations, errors, timing, tokens (smolagent replay FILE prints it)
  -v, --verbose            Also log the full model input of every step
  -q, --quiet              Log nothing; print only the answer
  -h, --help               Show this help
  -V, --version            Show the version
`;

export const HELP_TEXT = `Usage: smolagent [task] [options]

Runs an agent on TASK and prints the final answer as the last line on stdout; the step log goes
to stderr. Without a task, starts an interactive session (tasks read line by line).

${MODEL_HELP}
Agent
  --agent-type TYPE        code (default): the model writes code (JavaScript, or Python with a
                           Python executor) that calls the tools as functions, in a sandbox;
                           tool-calling: the model calls tools through the provider's JSON tool calls
  --tools NAMES            Comma- or space-separated default tool names (web_search, visit_webpage, ...)
                           and paths to .js/.ts modules whose exported tools are loaded
  --imports MODULES        Modules the sandbox code may import, e.g. "lodash-es date-fns"
  --executor NAME          Where code runs: quickjs (default, JavaScript), pyodide, docker, e2b (Python)
  --instructions TEXT      Added to the system prompt
  --planning-interval N    Plan before step 1 and every N steps
  --max-steps N            Steps before the answer is asked for from memory (default 20)
  --max-tokens-memory N    Keep every model request within N tokens: older steps are shortened, then
                           folded into a summary the model writes (default: no limit)

Sharing (docs/sharing.md)
  --from-hub REPO          Run the agent saved in a Hugging Face Hub repository (HF_ENDPOINT, HF_TOKEN)
  --from-folder DIR        Run the agent saved in a folder (by --save or agent.save())
  --trust-remote-code      Let its tool modules run in this process; plain-JavaScript tools run in a
                           QuickJS sandbox each, and need no trust
  --save DIR               After the run, save the agent to DIR (agent.json, tools/, README.md)

${OUTPUT_HELP}
Exit codes: 0 answer printed, 1 configuration or provider error, 2 bad command line, 130 interrupted.
`;
