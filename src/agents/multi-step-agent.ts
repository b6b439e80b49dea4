import {
  AgentAbortedError,
  AgentError,
  AgentGenerationError,
  AgentMaxStepsError,
} from '../errors.js';
import { AgentMemory, sumTokenUsage } from '../memory/agent-memory.js';
import type { ActionStep, PlanningStep } from '../memory/steps.js';
import type { ChatMessage, GenerateOptions, Model } from '../models/model.js';
import { StreamAccumulator } from '../models/stream.js';
import { renderPrompt } from '../prompts/template.js';
import type { AgentPromptTemplates } from '../prompts/types.js';
import { FinalAnswerTool } from '../tools/final-answer-tool.js';
import type { Tool } from '../tools/tool.js';
import type { AgentEvent } from './events.js';
import { runFinalAnswerChecks, type FinalAnswerCheck } from './final-answer-checks.js';
import { ManagedAgentTool, type ManageableAgent } from './managed-agent-tool.js';
import { mergePromptTemplates, type PromptOverrides } from './merge-prompt-templates.js';
import type { RunOptions, RunResult } from './run-result.js';

export type StepCallback = (step: ActionStep | PlanningStep, agent: MultiStepAgent) => void | Promise<void>;

export interface MultiStepAgentOptions<Templates extends AgentPromptTemplates = AgentPromptTemplates> {
  model: Model;
  tools?: Tool[];
  /** Steps before the run stops and asks the model for an answer from memory. Default 20. */
  maxSteps?: number;
  /** Plan before step 1 and then every N steps. */
  planningInterval?: number;
  /** Added to the system prompt. */
  instructions?: string;
  /** Agents this one can call like tools, by name. */
  managedAgents?: ManageableAgent[];
  /** Called after each action and planning step, in order; may be async. */
  stepCallbacks?: StepCallback[];
  /** Each check gets the proposed final answer; false or a string (the reason) rejects it. */
  finalAnswerChecks?: FinalAnswerCheck[];
  /** Overrides for any prompt; nested groups (planning, managedAgent, finalAnswer) merge key by key. */
  promptTemplates?: PromptOverrides<Templates>;
  /** Name and description: required when this agent is managed by another. */
  name?: string;
  description?: string;
  /** Ask the model to stream and emit `model_delta` events as tokens arrive. */
  streamOutputs?: boolean;
}

/** The step-level context handed to an agent type's `executeStep`. */
export interface StepContext {
  signal?: AbortSignal;
}

/**
 * The ReAct loop shared by every agent type: think (model), act (executeStep), observe, until a
 * final answer or maxSteps. `stream()` is the loop; `run()` drains it. The loop never prints.
 */
export abstract class MultiStepAgent<Templates extends AgentPromptTemplates = AgentPromptTemplates> {
  readonly model: Model;
  readonly tools: Record<string, Tool>;
  readonly memory: AgentMemory;
  readonly promptTemplates: Templates;
  readonly name: string;
  readonly description: string;
  maxSteps: number;
  planningInterval?: number;
  instructions?: string;
  stepCallbacks: StepCallback[];
  finalAnswerChecks: FinalAnswerCheck[];
  streamOutputs: boolean;
  protected readonly managedAgentNames: string[];

  constructor(options: MultiStepAgentOptions<Templates>, defaultTemplates: Templates) {
    if (!options?.model) throw new TypeError('An agent needs a `model`.');
    this.model = options.model;
    this.promptTemplates = mergePromptTemplates(defaultTemplates, options.promptTemplates);
    this.maxSteps = positiveInteger(options.maxSteps ?? 20, 'maxSteps');
    this.planningInterval = options.planningInterval === undefined ? undefined : positiveInteger(options.planningInterval, 'planningInterval');
    this.instructions = options.instructions;
    this.stepCallbacks = options.stepCallbacks ?? [];
    this.finalAnswerChecks = options.finalAnswerChecks ?? [];
    this.streamOutputs = options.streamOutputs ?? false;
    this.name = options.name ?? new.target.name;
    this.description = options.description ?? '';
    this.memory = new AgentMemory(this.promptTemplates);

    const managed = (options.managedAgents ?? []).map((agent) => new ManagedAgentTool(agent, this.promptTemplates));
    this.managedAgentNames = managed.map((agentTool) => agentTool.name);
    this.tools = {};
    for (const tool of [...(options.tools ?? []), ...managed]) {
      if (this.tools[tool.name]) throw new TypeError(`Two tools (or managed agents) are named '${tool.name}': names must be unique.`);
      this.tools[tool.name] = tool;
    }
    this.tools.final_answer ??= new FinalAnswerTool();
  }

  /** Renders the tools (not the managed agents) as this agent type shows them to the model. */
  protected abstract renderTools(tools: Tool[]): string;

  /** Runs one action step: calls the model, acts, and fills `step`. Recoverable failures throw AgentError. */
  protected abstract executeStep(step: ActionStep, context: StepContext): AsyncGenerator<AgentEvent, void>;

  /** Hook before the first step of a run (code agents send tools and variables to the sandbox). */
  protected async prepareRun(_additionalArgs: Record<string, unknown> | undefined, _options: { reset: boolean }): Promise<void> {}

  /** Modules the agent's code may import, for the system prompt. */
  protected authorizedImports(): readonly string[] {
    return [];
  }

  /** Frees what the agent holds (its sandbox). */
  async dispose(): Promise<void> {}

  /** The system prompt, rendered from the templates, tools, managed agents and instructions. */
  systemPrompt(): string {
    const templates = this.promptTemplates;
    const plainTools = Object.values(this.tools).filter((tool) => !this.managedAgentNames.includes(tool.name));
    const imports = this.authorizedImports();
    return renderPrompt(templates.systemPrompt, {
      tools: this.renderTools(plainTools),
      managedAgents: this.renderManagedAgents(),
      authorizedImports: imports.length > 0 ? renderPrompt(templates.authorizedImportsSection, { imports: imports.join(', ') }) : '',
      instructions: this.instructions ? renderPrompt(templates.instructionsSection, { instructions: this.instructions }) : '',
    });
  }

  private renderManagedAgents(): string {
    if (this.managedAgentNames.length === 0) return '';
    const agents = this.renderTools(this.managedAgentNames.map((name) => this.tools[name]!));
    return renderPrompt(this.promptTemplates.managedAgentsSection, { agents });
  }

  run(task: string, options: RunOptions & { returnFullResult: true }): Promise<RunResult>;
  run(task: string, options?: RunOptions & { returnFullResult?: false }): Promise<unknown>;
  async run(task: string, options: RunOptions & { returnFullResult?: boolean } = {}): Promise<unknown> {
    const events = this.stream(task, options);
    let next = await events.next();
    while (!next.done) next = await events.next();
    return options.returnFullResult ? next.value : next.value.output;
  }

  /** The loop itself, as typed events. Returns the run's result when done. */
  async *stream(task: string, options: RunOptions = {}): AsyncGenerator<AgentEvent, RunResult> {
    const { signal } = options;
    const maxSteps = positiveInteger(options.maxSteps ?? this.maxSteps, 'maxSteps');
    const startTime = Date.now();
    if (options.reset ?? true) this.memory.reset();
    this.memory.systemPrompt = this.systemPrompt();
    const firstStepIndex = this.memory.steps.length;

    const additional = options.additionalArgs && Object.keys(options.additionalArgs).length > 0 ? options.additionalArgs : undefined;
    const fullTask = additional
      ? `${task}\n${renderPrompt(this.promptTemplates.additionalArgs, { args: JSON.stringify(additional, null, 2) })}`
      : task;
    this.memory.steps.push({ type: 'task', task: fullTask });
    yield { type: 'run_start', task, agentName: this.name };
    await this.prepareRun(additional, { reset: options.reset ?? true });

    let output: unknown;
    let finished = false;
    for (let stepNumber = 1; stepNumber <= maxSteps && !finished; stepNumber++) {
      this.throwIfAborted(signal);
      if (this.planningInterval && (stepNumber === 1 || (stepNumber - 1) % this.planningInterval === 0)) {
        yield* this.planningStep(fullTask, stepNumber === 1, maxSteps - stepNumber + 1, signal);
      }
      const step: ActionStep = { type: 'action', stepNumber, timing: { startTime: Date.now() }, isFinalAnswer: false };
      yield { type: 'step_start', stepNumber };
      yield* this.runStep(step, { signal });
      if (step.isFinalAnswer) {
        output = step.actionOutput;
        finished = true;
      }
    }

    let state: RunResult['state'] = 'success';
    if (!finished) {
      state = 'max_steps_error';
      output = yield* this.answerFromMemory(fullTask, maxSteps + 1, signal);
    }
    this.memory.steps.push({ type: 'final_answer', output });
    yield { type: 'final_answer', output };
    const steps = this.memory.steps.slice(firstStepIndex);
    const endTime = Date.now();
    return { output, state, steps, tokenUsage: sumTokenUsage(steps), timing: { startTime, endTime, duration: endTime - startTime } };
  }

  /** One action step with its bookkeeping: errors become memory, callbacks run, events go out. */
  private async *runStep(step: ActionStep, context: StepContext): AsyncGenerator<AgentEvent, void> {
    try {
      yield* this.executeStep(step, context);
      if (step.isFinalAnswer) {
        const rejection = await runFinalAnswerChecks(this.finalAnswerChecks, step.actionOutput, this.memory);
        if (rejection) {
          step.isFinalAnswer = false;
          throw new AgentError(rejection);
        }
      }
    } catch (error) {
      if (context.signal?.aborted) {
        this.finishStep(step, { type: 'AgentAbortedError', message: 'The run was aborted.' });
        throw new AgentAbortedError('The run was aborted.', this.memory.steps, { cause: error });
      }
      if (error instanceof AgentGenerationError || !(error instanceof AgentError)) {
        // The provider failed, or something unexpected (a bug, not model input): the run ends,
        // with the step recorded so that memory keeps everything up to here.
        const failure = error instanceof Error ? error : new Error(String(error));
        this.finishStep(step, { type: failure.name, message: failure.message });
        yield { type: 'error', error: failure, stepNumber: step.stepNumber };
        throw failure;
      }
      step.error = { type: error.name, message: error.message };
    }
    this.finishStep(step);
    for (const callback of this.stepCallbacks) await callback(step, this as MultiStepAgent);
    yield { type: 'step_end', step };
  }

  private finishStep(step: ActionStep, error?: ActionStep['error']): void {
    if (error) step.error = error;
    step.timing.endTime = Date.now();
    step.timing.duration = step.timing.endTime - step.timing.startTime;
    this.memory.steps.push(step);
  }

  /** Calls the model, streaming deltas as events when `streamOutputs` is on. Provider failures end the run. */
  protected async *generate(
    messages: ChatMessage[],
    options: GenerateOptions,
    stepNumber: number,
  ): AsyncGenerator<AgentEvent, ChatMessage> {
    try {
      if (this.streamOutputs && this.model.generateStream) {
        const accumulator = new StreamAccumulator();
        for await (const delta of this.model.generateStream(messages, options)) {
          accumulator.add(delta);
          yield { type: 'model_delta', stepNumber, delta };
        }
        const message = accumulator.toMessage();
        yield { type: 'model_output', stepNumber, message };
        return message;
      }
      const message = await this.model.generate(messages, options);
      yield { type: 'model_output', stepNumber, message };
      return message;
    } catch (error) {
      if (options.signal?.aborted) throw new AgentAbortedError('The run was aborted.', this.memory.steps, { cause: error });
      throw new AgentGenerationError(`Error while generating output with ${this.model.modelId}: ${describe(error)}`, this.memory.steps, {
        cause: error,
      });
    }
  }

  private async *planningStep(task: string, isFirst: boolean, remainingSteps: number, signal?: AbortSignal): AsyncGenerator<AgentEvent, void> {
    const startTime = Date.now();
    const planning = this.promptTemplates.planning;
    const context = {
      task,
      tools: this.renderTools(Object.values(this.tools).filter((tool) => !this.managedAgentNames.includes(tool.name))),
      managedAgents: this.renderManagedAgents(),
      remainingSteps,
    };
    const messages: ChatMessage[] = isFirst
      ? [{ role: 'user', content: renderPrompt(planning.initialPlan, context) }]
      : [
          { role: 'system', content: renderPrompt(planning.updatePlanPre, context) },
          ...this.memory.toMessages({ summaryMode: true }),
          { role: 'user', content: renderPrompt(planning.updatePlanPost, context) },
        ];
    const stepNumber = this.memory.actionSteps.length + 1;
    const reply = yield* this.generate(messages, { stopSequences: ['<end_plan>'], signal }, stepNumber);
    const endTime = Date.now();
    const step: PlanningStep = {
      type: 'planning',
      plan: reply.content.trim(),
      modelInputMessages: messages,
      modelOutputMessage: reply,
      timing: { startTime, endTime, duration: endTime - startTime },
      tokenUsage: reply.tokenUsage,
    };
    this.memory.steps.push(step);
    for (const callback of this.stepCallbacks) await callback(step, this as MultiStepAgent);
    yield { type: 'plan', step };
  }

  /** The steps ran out: ask the model once more for an answer, from memory alone. */
  private async *answerFromMemory(task: string, stepNumber: number, signal?: AbortSignal): AsyncGenerator<AgentEvent, unknown> {
    const step: ActionStep = { type: 'action', stepNumber, timing: { startTime: Date.now() }, isFinalAnswer: true };
    yield { type: 'step_start', stepNumber };
    const messages: ChatMessage[] = [
      { role: 'system', content: renderPrompt(this.promptTemplates.finalAnswer.pre, { task }) },
      ...this.memory.toMessages().filter((message) => message.role !== 'system'),
      { role: 'user', content: renderPrompt(this.promptTemplates.finalAnswer.post, { task }) },
    ];
    try {
      const reply = yield* this.generate(messages, { signal }, stepNumber);
      Object.assign(step, { modelInputMessages: messages, modelOutputMessage: reply, modelOutput: reply.content, tokenUsage: reply.tokenUsage });
      step.actionOutput = reply.content;
    } catch (error) {
      this.finishStep(step, { type: 'AgentGenerationError', message: describe(error) });
      throw error;
    }
    this.finishStep(step, { type: AgentMaxStepsError.name, message: `Reached the maximum number of steps (${stepNumber - 1}).` });
    yield { type: 'step_end', step };
    return step.actionOutput;
  }

  protected throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw new AgentAbortedError('The run was aborted.', this.memory.steps, { cause: signal.reason });
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${String(value)}.`);
  return value;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
