import { AgentExecutionError, AgentParsingError, CodeExecutionError } from '../errors.js';
import type { CodeExecutor, CodeLanguage, ExecutionResult } from '../executors/executor.js';
import type { ActionStep } from '../memory/steps.js';
import { javascriptCodeAgentPrompts } from '../prompts/code-agent-javascript.js';
import { pythonCodeAgentPrompts } from '../prompts/code-agent-python.js';
import { renderPrompt } from '../prompts/template.js';
import type { CodeAgentPromptTemplates } from '../prompts/types.js';
import { describePythonShape, jsonSchemaToPython, pythonRepr, renderPythonToolSignature } from '../tools/render-python.js';
import { jsonSchemaToTypeScript, renderTypeScriptToolSignature } from '../tools/render-typescript.js';
import type { SchemaInput } from '../tools/schema/schema-types.js';
import { toolOutputText, type Tool } from '../tools/tool.js';
import type { LoadAgentFromHubOptions, LoadAgentOptions } from '../sharing/load-agent.js';
import type { AgentEvent } from './events.js';
import { LiveEvents } from './live-events.js';
import { MultiStepAgent, type MultiStepAgentOptions, type StepContext } from './multi-step-agent.js';
import type { AgentOutput } from './output-schema.js';
import type { ContinueRun } from './run-result.js';
import { ObservedTool, type ToolCallListener } from './observed-tool.js';
import { formatJsonWithin } from './format-json.js';
import { parseCodeAction } from './parse-code.js';

export interface CodeAgentOptions<OutputSchema extends SchemaInput | undefined = SchemaInput | undefined>
  extends MultiStepAgentOptions<CodeAgentPromptTemplates, OutputSchema> {
  /** Where code actions run. Default: a `LocalJsExecutor` (QuickJS-WASM), created on first run. */
  executor?: CodeExecutor | undefined;
  /** Packages the default JavaScript sandbox may import (pure-JS packages installed beside the project). */
  additionalAuthorizedImports?: string[] | undefined;
  /** Longest observation shown to the model from the code's last value; longer ones are cut. Default 20,000. */
  maxOutputChars?: number | undefined;
}

const promptsByLanguage: Record<CodeLanguage, CodeAgentPromptTemplates> = {
  javascript: javascriptCodeAgentPrompts,
  python: pythonCodeAgentPrompts,
};

const signatureRenderers: Record<CodeLanguage, (tool: Tool) => string> = {
  javascript: renderTypeScriptToolSignature,
  python: renderPythonToolSignature,
};

/** The final answer's type as the code's language writes it: a TypeScript type, or a Python dict's keys. */
const outputSchemaRenderers: Record<CodeLanguage, (schema: Record<string, unknown>) => string> = {
  javascript: (schema) => `type FinalAnswer = ${jsonSchemaToTypeScript(schema, { multiline: true })};`,
  python: (schema) => {
    const shape = describePythonShape(schema, '');
    return shape.length > 0 ? shape.join('\n') : jsonSchemaToPython(schema);
  },
};

/**
 * Ends the reply where a model that goes on past its code block would write the observation itself
 * (the system prompt's examples show observations under this label).
 */
const CODE_STOP_SEQUENCES = ['Observation:'];

/**
 * The value of the code's last expression as the code's language writes it: pretty JSON in
 * JavaScript, a literal in Python. At most `maxChars` characters are built (the value's shape is the
 * sandbox's choice: see format-json.ts); `length` is the whole rendering's, for the truncation note.
 */
const valueRenderers: Record<CodeLanguage, (value: unknown, maxChars: number) => { text: string; length: number }> = {
  javascript: (value, maxChars) => formatJsonWithin(value, maxChars) ?? wholeText(safeString(value)),
  python: (value) => wholeText(pythonRepr(value)),
};

const wholeText = (text: string) => ({ text, length: text.length });

/** String() of a value that may be nested past the host's stack (an array's join recurses). */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * An agent whose actions are programs: the model writes code that calls the tools as functions,
 * the executor runs it in a sandbox, and what it prints becomes the next observation.
 */
export class CodeAgent<const OutputSchema extends SchemaInput | undefined = undefined> extends MultiStepAgent<
  CodeAgentPromptTemplates,
  AgentOutput<OutputSchema>
> {
  readonly language: CodeLanguage;
  private executor?: CodeExecutor | undefined;
  readonly additionalAuthorizedImports: readonly string[];
  readonly maxOutputChars: number;
  private toolsSent = false;
  private runsPrepared = 0;
  private executorReady?: Promise<CodeExecutor> | undefined;
  /** Set while a code action runs: the tools it calls report here, and become events. */
  private toolCallListener?: ToolCallListener | undefined;

  constructor(options: CodeAgentOptions<OutputSchema>) {
    const language = options.executor?.language ?? 'javascript';
    super(options, promptsByLanguage[language]);
    this.language = language;
    this.executor = options.executor;
    this.additionalAuthorizedImports = options.additionalAuthorizedImports ?? [];
    this.maxOutputChars = options.maxOutputChars ?? 20_000;
  }

  protected override codeLanguage(): CodeLanguage {
    return this.language;
  }

  /** Loads a saved CodeAgent folder; its tools' code runs only as `trustRemoteCode` / `sandboxTools` allow (docs/sharing.md). */
  static async fromFolder(directory: string, options?: LoadAgentOptions): Promise<CodeAgent> {
    const { loadAgentFromFolder } = await import('../sharing/load-agent.js');
    return (await loadAgentFromFolder(directory, options, 'CodeAgent')) as CodeAgent;
  }

  /** Loads a CodeAgent pushed to the Hugging Face Hub (docs/sharing.md). */
  static async fromHub(repoId: string, options?: LoadAgentFromHubOptions): Promise<CodeAgent> {
    const { loadAgentFromHub } = await import('../sharing/load-agent.js');
    return (await loadAgentFromHub(repoId, options, 'CodeAgent')) as CodeAgent;
  }

  /** The executor given in the options, or the default one once the first run made it. */
  get codeExecutor(): CodeExecutor | undefined {
    return this.executor;
  }

  protected renderTools(tools: Tool[]): string {
    return tools.map(signatureRenderers[this.language]).join('\n\n');
  }

  protected override renderOutputSchema(schema: Record<string, unknown>): string {
    return outputSchemaRenderers[this.language](schema);
  }

  protected override authorizedImports(): readonly string[] {
    return this.executor?.authorizedImports ?? this.additionalAuthorizedImports;
  }

  /**
   * Starts preparing the sandbox (loading WASM, a Pyodide child, a container) without waiting for
   * it: the first model call runs meanwhile, and the first code action awaits it. A failure shows
   * up at that first action.
   */
  protected override async prepareRun(additionalArgs: Record<string, unknown> | undefined, { reset }: { reset: boolean }): Promise<void> {
    // A new run with `reset` gets a fresh sandbox: code of the last run may have wrapped the tools or final_answer.
    const fresh = reset && this.runsPrepared > 0;
    this.runsPrepared++;
    const preparing = this.prepareExecutor(additionalArgs, fresh);
    preparing.catch(() => {}); // observed in executeStep; avoids an unhandled rejection meanwhile
    this.executorReady = preparing;
  }

  private async prepareExecutor(additionalArgs: Record<string, unknown> | undefined, fresh = false): Promise<CodeExecutor> {
    await this.executorReady?.catch(() => undefined);
    const executor = await this.ensureExecutor();
    if (fresh) {
      // An executor without reset() gets its tools defined again at least.
      if (executor.reset) await executor.reset();
      else this.toolsSent = false;
    }
    if (!this.toolsSent) {
      await executor.sendTools(Object.values(this.tools).map((tool) => new ObservedTool(tool, () => this.toolCallListener, () => this.tools[tool.name] ?? tool)));
      this.toolsSent = true;
    }
    if (additionalArgs) await executor.sendVariables(additionalArgs);
    return executor;
  }

  private async ensureExecutor(): Promise<CodeExecutor> {
    if (this.executor) return this.executor;
    // Loaded on first use so that importing the agent does not load the WASM sandbox.
    const { LocalJsExecutor } = await import('../executors/quickjs/local-js-executor.js');
    const executor = new LocalJsExecutor({ additionalAuthorizedImports: [...this.additionalAuthorizedImports] });
    this.executor = executor;
    return executor;
  }

  protected async *executeStep(step: ActionStep, { signal, reply: recorded }: StepContext): AsyncGenerator<AgentEvent, void> {
    const templates = this.promptTemplates;
    const messages = yield* this.modelInput({}, signal);
    step.modelInputMessages = messages;
    const reply = recorded ?? (yield* this.generate(messages, { stopSequences: CODE_STOP_SEQUENCES, signal }, step.stepNumber));
    step.modelOutputMessage = reply;
    step.modelOutput = reply.content;
    step.tokenUsage = reply.tokenUsage;

    const code = parseCodeAction(reply.content, this.language);
    if (code === undefined) throw new AgentParsingError(renderPrompt(templates.missingCode, { reply: reply.content }));
    step.codeAction = code;
    yield { type: 'code_action', stepNumber: step.stepNumber, code };

    const executor = await this.readyExecutor();
    const live = new LiveEvents<AgentEvent>();
    this.toolCallListener = toolCallEvents(step.stepNumber, live);
    let result;
    try {
      result = yield* live.until(executor.execute(code, { signal }));
    } catch (error) {
      if (!(error instanceof CodeExecutionError)) throw error;
      // What the code printed before failing is kept: it is often what the model needs to fix it.
      // It reads as one message with the error (see actionMessages).
      const printed = error.logs?.trimEnd();
      if (printed) {
        step.observations = printed;
        yield { type: 'observation', stepNumber: step.stepNumber, observation: printed };
      }
      throw new AgentExecutionError(
        renderPrompt(templates.executionError, {
          errorType: error.errorType,
          message: error.message,
          line: error.line === undefined ? '' : renderPrompt(templates.executionErrorLine, { line: error.line }),
        }),
        { cause: error },
      );
    } finally {
      this.toolCallListener = undefined;
    }
    step.observations = this.observation(result);
    yield { type: 'observation', stepNumber: step.stepNumber, observation: step.observations };
    if (result.isFinalAnswer) {
      step.isFinalAnswer = true;
      step.actionOutput = result.output;
    }
  }

  /** Runs the recorded code actions again in the fresh sandbox; what they print or throw was seen already. */
  protected override async replayActions(steps: ActionStep[], hooks: ContinueRun, signal?: AbortSignal): Promise<void> {
    const executor = await (this.executorReady ?? this.prepareExecutor(undefined));
    for (const step of steps) {
      if (step.codeAction === undefined) continue;
      hooks.beforeReplay(step);
      try {
        await executor.execute(step.codeAction, { signal });
      } catch (error) {
        if (!(error instanceof CodeExecutionError)) throw error;
      }
      hooks.afterReplay(step);
    }
  }

  /**
   * The executor, prepared for this run. Preparing can fail because of the model's own earlier code
   * (with `reset: false`, a locked global scope refuses the run's variables): that is an error
   * observation for this step, not the end of the run, and the next step prepares again (what
   * was already sent is not sent twice).
   */
  private async readyExecutor(): Promise<CodeExecutor> {
    try {
      return await (this.executorReady ?? this.prepareExecutor(undefined));
    } catch (error) {
      if (!(error instanceof CodeExecutionError)) throw error;
      this.executorReady = undefined;
      throw new AgentExecutionError(
        renderPrompt(this.promptTemplates.executionError, { errorType: error.errorType, message: error.message, line: '' }),
        { cause: error },
      );
    }
  }

  /**
   * What the model reads after its code ran: the printed lines, then the final answer or the last
   * expression's value when there is one. No value (undefined, None) is left out rather than named,
   * since the word differs between the languages; code that showed nothing gets a note saying so.
   */
  private observation(result: ExecutionResult & { outputText?: string | undefined }): string {
    const templates = this.promptTemplates;
    const parts = [result.logs.trimEnd()].filter((part) => part !== '');
    // The executor's own rendering (Python's repr) is exact where ours would only approximate it.
    const value = (fallback: unknown) => (typeof result.outputText === 'string' ? this.cut(result.outputText) : this.formatValue(fallback));
    // The answer stays readable in memory: for a follow-up task, or when a check refuses it.
    if (result.isFinalAnswer) parts.push(renderPrompt(templates.answerGiven, { value: value(result.output ?? null) }));
    else if (result.output !== undefined) parts.push(renderPrompt(templates.lastValue, { value: value(result.output) }));
    return parts.length > 0 ? parts.join('\n') : renderPrompt(templates.nothingPrinted, {});
  }

  private formatValue(value: unknown): string {
    if (typeof value === 'string') return this.cut(value);
    let rendered: { text: string; length: number };
    try {
      rendered = valueRenderers[this.language](value, this.maxOutputChars);
    } catch {
      // Circular, or a BigInt in JavaScript: the plain string form instead.
      rendered = wholeText(safeString(value));
    }
    return this.cut(rendered.text, rendered.length);
  }

  /** Cuts text to maxOutputChars; `length` is the whole text's when only its start was built. */
  private cut(text: string, length = text.length): string {
    if (length <= this.maxOutputChars) return text;
    return text.slice(0, this.maxOutputChars) + renderPrompt(this.promptTemplates.truncated, { count: length - this.maxOutputChars });
  }

  override async dispose(): Promise<void> {
    await this.executorReady?.catch(() => undefined);
    this.executorReady = undefined;
    await this.executor?.dispose();
    this.executor = undefined;
    this.toolsSent = false;
    await super.dispose();
  }
}

/** Turns the calls a code action makes into `tool_call` / `tool_result` events, with ids unique in the step. */
function toolCallEvents(stepNumber: number, live: LiveEvents<AgentEvent>): ToolCallListener {
  let count = 0;
  return {
    started(name, args) {
      const id = `step${stepNumber}-call${++count}`;
      live.push({ type: 'tool_call', stepNumber, toolCall: { id, name, arguments: args } });
      return id;
    },
    finished(id, name, outcome, timing) {
      const isError = 'error' in outcome;
      const observation = isError ? (outcome.error instanceof Error ? outcome.error.message : String(outcome.error)) : toolOutputText(outcome.value);
      live.push({ type: 'tool_result', stepNumber, toolCallId: id, name, observation, isError, timing });
    },
  };
}
