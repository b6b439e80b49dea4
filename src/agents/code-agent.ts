import { AgentExecutionError, AgentParsingError, CodeExecutionError } from '../errors.js';
import type { CodeExecutor, CodeLanguage } from '../executors/executor.js';
import type { ActionStep } from '../memory/steps.js';
import { javascriptCodeAgentPrompts } from '../prompts/code-agent-javascript.js';
import { pythonCodeAgentPrompts } from '../prompts/code-agent-python.js';
import { renderPrompt } from '../prompts/template.js';
import type { CodeAgentPromptTemplates } from '../prompts/types.js';
import { renderPythonToolSignature } from '../tools/render-python.js';
import { renderTypeScriptToolSignature } from '../tools/render-typescript.js';
import type { Tool } from '../tools/tool.js';
import type { AgentEvent } from './events.js';
import { MultiStepAgent, type MultiStepAgentOptions, type StepContext } from './multi-step-agent.js';
import { parseCodeAction } from './parse-code.js';

export interface CodeAgentOptions extends MultiStepAgentOptions<CodeAgentPromptTemplates> {
  /** Where code actions run. Default: a `LocalJsExecutor` (QuickJS-WASM), created on first run. */
  executor?: CodeExecutor;
  /** Packages the default JavaScript sandbox may import (pure-JS packages installed beside the project). */
  additionalAuthorizedImports?: string[];
  /** Longest observation shown to the model from the code's last value; longer ones are cut. Default 20,000. */
  maxOutputChars?: number;
}

const promptsByLanguage: Record<CodeLanguage, CodeAgentPromptTemplates> = {
  javascript: javascriptCodeAgentPrompts,
  python: pythonCodeAgentPrompts,
};

const signatureRenderers: Record<CodeLanguage, (tool: Tool) => string> = {
  javascript: renderTypeScriptToolSignature,
  python: renderPythonToolSignature,
};

/** Stop sequences that end a code action, so the model does not write the observation itself. */
const CODE_STOP_SEQUENCES = ['<end_code>', 'Observation:', 'Calling tools:'];

/**
 * An agent whose actions are programs: the model writes code that calls the tools as functions,
 * the executor runs it in a sandbox, and what it prints becomes the next observation.
 */
export class CodeAgent extends MultiStepAgent<CodeAgentPromptTemplates> {
  readonly language: CodeLanguage;
  private executor?: CodeExecutor;
  private readonly additionalAuthorizedImports: string[];
  private readonly maxOutputChars: number;
  private toolsSent = false;
  private runsPrepared = 0;
  private executorReady?: Promise<CodeExecutor>;

  constructor(options: CodeAgentOptions) {
    const language = options.executor?.language ?? 'javascript';
    super(options, promptsByLanguage[language]);
    this.language = language;
    this.executor = options.executor;
    this.additionalAuthorizedImports = options.additionalAuthorizedImports ?? [];
    this.maxOutputChars = options.maxOutputChars ?? 20_000;
  }

  protected renderTools(tools: Tool[]): string {
    return tools.map(signatureRenderers[this.language]).join('\n\n');
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
      await executor.sendTools(Object.values(this.tools));
      this.toolsSent = true;
    }
    if (additionalArgs) await executor.sendVariables(additionalArgs);
    return executor;
  }

  private async ensureExecutor(): Promise<CodeExecutor> {
    if (this.executor) return this.executor;
    // Loaded on first use so that importing the agent does not load the WASM sandbox.
    const { LocalJsExecutor } = await import('../executors/quickjs/local-js-executor.js');
    const executor = new LocalJsExecutor({ additionalAuthorizedImports: this.additionalAuthorizedImports });
    this.executor = executor;
    return executor;
  }

  protected async *executeStep(step: ActionStep, { signal }: StepContext): AsyncGenerator<AgentEvent, void> {
    const templates = this.promptTemplates;
    const messages = this.memory.toMessages();
    step.modelInputMessages = messages;
    const reply = yield* this.generate(messages, { stopSequences: CODE_STOP_SEQUENCES, signal }, step.stepNumber);
    step.modelOutputMessage = reply;
    step.modelOutput = reply.content;
    step.tokenUsage = reply.tokenUsage;

    const code = parseCodeAction(reply.content, this.language);
    if (code === undefined) throw new AgentParsingError(renderPrompt(templates.missingCode, { reply: reply.content }));
    step.codeAction = code;
    yield { type: 'code_action', stepNumber: step.stepNumber, code };

    const executor = await (this.executorReady ?? this.prepareExecutor(undefined));
    let result;
    try {
      result = await executor.execute(code, { signal });
    } catch (error) {
      if (!(error instanceof CodeExecutionError)) throw error;
      // What the code printed before failing is kept: it is often what the model needs to fix it.
      if (error.logs) {
        step.observations = renderPrompt(templates.executionObservation, { logs: error.logs, output: 'None (the code failed)' });
        yield { type: 'observation', stepNumber: step.stepNumber, observation: step.observations };
      }
      throw new AgentExecutionError(
        renderPrompt(templates.executionError, {
          errorType: error.errorType,
          message: error.message,
          line: error.line === undefined ? '' : ` at line ${error.line}`,
        }),
        { cause: error },
      );
    }
    step.observations = renderPrompt(templates.executionObservation, {
      logs: result.logs,
      output: this.formatOutput(result.output),
    });
    yield { type: 'observation', stepNumber: step.stepNumber, observation: step.observations };
    if (result.isFinalAnswer) {
      step.isFinalAnswer = true;
      step.actionOutput = result.output;
    }
  }

  private formatOutput(output: unknown): string {
    let text: string;
    if (output === undefined) text = 'undefined';
    else if (typeof output === 'string') text = output;
    else {
      try {
        text = JSON.stringify(output, null, 2) ?? String(output);
      } catch {
        text = String(output);
      }
    }
    if (text.length <= this.maxOutputChars) return text;
    return text.slice(0, this.maxOutputChars) + renderPrompt(this.promptTemplates.truncated, { count: text.length - this.maxOutputChars });
  }

  override async dispose(): Promise<void> {
    await this.executorReady?.catch(() => undefined);
    this.executorReady = undefined;
    await this.executor?.dispose();
    this.executor = undefined;
    this.toolsSent = false;
  }
}
