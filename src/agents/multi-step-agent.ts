import {
  AgentAbortedError,
  AgentError,
  AgentGenerationError,
  AgentMaxStepsError,
} from '../errors.js';
import { AgentMemory, sumTokenUsage } from '../memory/agent-memory.js';
import { MemoryBudget, type MemoryRequest } from '../memory/memory-budget.js';
import type { ActionStep, PlanningStep } from '../memory/steps.js';
import type { TokenCounter } from '../memory/token-counter.js';
import type { ChatMessage, GenerateOptions, ImagePart, Model, ModelReply, ToolDefinition } from '../models/model.js';
import { toImagePart } from '../models/images.js';
import { withImages } from '../models/message-content.js';
import { StreamAccumulator } from '../models/stream.js';
import { renderPrompt } from '../prompts/template.js';
import type { AgentPromptTemplates } from '../prompts/types.js';
import type { PushResult, PushToHubOptions } from '../sharing/hub-push.js';
import type { DurableOutcome, ResumeOptions, ResumeSource } from '../durable/run-state.js';
import { FinalAnswerTool } from '../tools/final-answer-tool.js';
import type { SchemaInput } from '../tools/schema/schema-types.js';
import { assertValidTool, type Tool } from '../tools/tool.js';
import type { CodeLanguage } from '../executors/executor.js';
import { agentLoggerFactory, loggerObserver, type AgentEventLogger, type AgentLoggingOptions } from './agent-logging.js';
import type { AgentEvent } from './events.js';
import { runFinalAnswerChecks, type FinalAnswerCheck } from './final-answer-checks.js';
import { ManagedAgentTool, type ManageableAgent } from './managed-agent-tool.js';
import { mergePromptTemplates, type PromptOverrides } from './merge-prompt-templates.js';
import { AgentOutputSchema, parseJsonAnswer } from './output-schema.js';
import { DURABLE_LOOP, type ContinueRun, type RunOptions, type RunResult } from './run-result.js';
import { observeRun, type RunObserver } from './run-observer.js';

export type StepCallback = (step: ActionStep | PlanningStep, agent: MultiStepAgent) => void | Promise<void>;

export interface MultiStepAgentOptions<
  Templates extends AgentPromptTemplates = AgentPromptTemplates,
  OutputSchema extends SchemaInput | undefined = SchemaInput | undefined,
> extends AgentLoggingOptions {
  model: Model;
  tools?: Tool[] | undefined;
  /** Steps before the run stops and asks the model for an answer from memory. Default 20. */
  maxSteps?: number | undefined;
  /** Plan before step 1 and then every N steps. */
  planningInterval?: number | undefined;
  /** Added to the system prompt. */
  instructions?: string | undefined;
  /** Agents this one can call like tools, by name. */
  managedAgents?: ManageableAgent[] | undefined;
  /** Called after each action and planning step, in order; may be async. */
  stepCallbacks?: StepCallback[] | undefined;
  /** Each check gets the proposed final answer; false or a string (the reason) rejects it. */
  finalAnswerChecks?: FinalAnswerCheck[] | undefined;
  /** Overrides for any prompt; nested groups (planning, managedAgent, finalAnswer) merge key by key. */
  promptTemplates?: PromptOverrides<Templates> | undefined;
  /** Name and description: required when this agent is managed by another. */
  name?: string | undefined;
  description?: string | undefined;
  /** Ask the model to stream and emit `model_delta` events as tokens arrive. */
  streamOutputs?: boolean | undefined;
  /**
   * The final answer's shape (zod, any Standard Schema, or JSON Schema). The model is shown it; an
   * answer that does not match is an error observation and the run goes on; `run()` is typed from it.
   */
  outputSchema?: OutputSchema | undefined;
  /**
   * Every request built from memory stays within this many tokens: older observations are shortened,
   * then older steps folded into a summary the model writes (see docs/agents.md, "Memory budget").
   */
  maxTokensMemory?: number | undefined;
  /** Counts tokens for `maxTokensMemory`. Default: OpenAI's tokenizer for OpenAI model ids, a calibrated estimate otherwise. */
  tokenCounter?: TokenCounter | undefined;
  /** See every run's events without consuming them: a run record, OpenTelemetry spans. */
  observers?: RunObserver[] | undefined;
  /**
   * Only the newest this many action steps are sent with their observation images (screenshots):
   * older ones stay in memory but are not sent. Default: every step's. The web agent uses 2.
   */
  observationImageSteps?: number | undefined;
}

/** The step-level context handed to an agent type's `executeStep`. */
export interface StepContext {
  signal?: AbortSignal | undefined;
  /** The model's reply, when the step goes on from one recorded before a pause or a crash (no new model call). */
  reply?: ModelReply | undefined;
}

/**
 * The ReAct loop shared by every agent type: think (model), act (executeStep), observe, until a
 * final answer or maxSteps. `stream()` is the loop; `run()` drains it. The loop never prints.
 */
export abstract class MultiStepAgent<Templates extends AgentPromptTemplates = AgentPromptTemplates, Output = unknown> {
  readonly model: Model;
  readonly tools: Record<string, Tool>;
  readonly memory: AgentMemory;
  readonly promptTemplates: Templates;
  readonly name: string;
  readonly description: string;
  maxSteps: number;
  planningInterval?: number | undefined;
  instructions?: string | undefined;
  stepCallbacks: StepCallback[];
  finalAnswerChecks: FinalAnswerCheck[];
  streamOutputs: boolean;
  /** The final answer's shape, when the agent was given an `outputSchema`. */
  readonly outputSchema?: AgentOutputSchema | undefined;
  observers: RunObserver[];
  protected readonly managedAgentNames: string[];
  private readonly makeLogger: (language: CodeLanguage) => AgentEventLogger | undefined;

  constructor(options: MultiStepAgentOptions<Templates, SchemaInput | undefined>, defaultTemplates: Templates) {
    if (!options?.model) throw new TypeError('An agent needs a `model`.');
    this.model = options.model;
    this.promptTemplates = mergePromptTemplates(defaultTemplates, options.promptTemplates);
    this.maxSteps = positiveInteger(options.maxSteps ?? 20, 'maxSteps');
    this.planningInterval = options.planningInterval === undefined ? undefined : positiveInteger(options.planningInterval, 'planningInterval');
    this.instructions = options.instructions;
    this.stepCallbacks = options.stepCallbacks ?? [];
    this.finalAnswerChecks = options.finalAnswerChecks ?? [];
    this.streamOutputs = options.streamOutputs ?? false;
    this.observers = options.observers ?? [];
    this.name = options.name ?? new.target.name;
    this.description = options.description ?? '';
    this.memory = new AgentMemory(this.promptTemplates);
    this.outputSchema =
      options.outputSchema === undefined
        ? undefined
        : new AgentOutputSchema(options.outputSchema, this.promptTemplates, (schema) => this.renderOutputSchema(schema));
    if (options.tokenCounter !== undefined) {
      if (typeof options.tokenCounter?.countText !== 'function') throw new TypeError('`tokenCounter` must have a countText(text) method.');
      if (options.maxTokensMemory === undefined) throw new TypeError('`tokenCounter` is used only with `maxTokensMemory`: set both, or neither.');
    }
    if (options.observationImageSteps !== undefined) {
      const steps = options.observationImageSteps;
      if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`observationImageSteps must be a whole number of steps (0 or more), got ${String(steps)}.`);
      this.memory.imageSteps = steps;
    }
    if (options.maxTokensMemory !== undefined) {
      this.memory.budget = new MemoryBudget(options.maxTokensMemory, { modelId: this.model.modelId, tokenCounter: options.tokenCounter });
    }
    this.makeLogger = agentLoggerFactory(options);

    const managed = (options.managedAgents ?? []).map((agent) => new ManagedAgentTool(agent, this.promptTemplates));
    this.managedAgentNames = managed.map((agentTool) => agentTool.name);
    this.tools = {};
    for (const tool of [...(options.tools ?? []), ...managed]) {
      assertValidTool(tool);
      if (this.tools[tool.name]) throw new TypeError(`Two tools (or managed agents) are named '${tool.name}': names must be unique.`);
      this.tools[tool.name] = tool;
    }
    this.tools.final_answer ??= new FinalAnswerTool(this.outputSchema?.schema);
  }

  /** Renders the tools (not the managed agents) as this agent type shows them to the model. */
  protected abstract renderTools(tools: Tool[]): string;

  /** Renders the output schema's JSON Schema as this agent type shows types (compact JSON by default, like tool inputs). */
  protected renderOutputSchema(schema: Record<string, unknown>): string {
    return JSON.stringify(schema);
  }

  /** Runs one action step: calls the model, acts, and fills `step`. Recoverable failures throw AgentError. */
  protected abstract executeStep(step: ActionStep, context: StepContext): AsyncGenerator<AgentEvent, void>;

  /** Hook before the first step of a run (code agents send tools and variables to the sandbox). */
  protected async prepareRun(_additionalArgs: Record<string, unknown> | undefined, _options: { reset: boolean }): Promise<void> {}

  /** Tool definitions sent with each action request (native tool calling); they count against the memory budget. */
  protected toolDefinitions(): ToolDefinition[] | undefined {
    return undefined;
  }

  /** Modules the agent's code may import, for the system prompt. */
  protected authorizedImports(): readonly string[] {
    return [];
  }

  /** Frees what the agent holds: its sandbox, tools that hold one (sandboxed tools), its managed agents. */
  async dispose(): Promise<void> {
    await Promise.all(Object.values(this.tools).map((tool) => (tool as { dispose?: () => Promise<void> }).dispose?.()));
  }

  /** Writes this agent as a saved folder: agent.json, tools as ES modules, README (docs/sharing.md). */
  async save(directory: string): Promise<void> {
    const { saveAgent } = await import('../sharing/share-agent.js');
    await saveAgent(this as MultiStepAgent, directory);
  }

  /** Pushes the saved folder to a Hugging Face Hub repository, as one commit (docs/sharing.md). */
  async pushToHub(repoId: string, options?: PushToHubOptions): Promise<PushResult> {
    const { pushAgentToHub } = await import('../sharing/share-agent.js');
    return await pushAgentToHub(this as MultiStepAgent, repoId, options);
  }

  /** The system prompt, rendered from the templates, tools, managed agents and instructions. */
  systemPrompt(): string {
    const templates = this.promptTemplates;
    const plainTools = Object.values(this.tools).filter((tool) => !this.managedAgentNames.includes(tool.name));
    const imports = this.authorizedImports();
    const prompt = renderPrompt(templates.systemPrompt, {
      tools: this.renderTools(plainTools),
      managedAgents: this.renderManagedAgents(),
      authorizedImports: imports.length > 0 ? renderPrompt(templates.authorizedImportsSection, { imports: imports.join(', ') }) : '',
      instructions: this.instructions ? renderPrompt(templates.instructionsSection, { instructions: this.instructions }) : '',
      outputSchema: this.outputSchema?.section() ?? '',
    });
    // Sections left empty would leave runs of blank lines behind them.
    return prompt.replace(/\n{3,}/g, '\n\n').trimEnd();
  }

  private renderManagedAgents(): string {
    if (this.managedAgentNames.length === 0) return '';
    const agents = this.renderTools(this.managedAgentNames.map((name) => this.tools[name]!));
    return renderPrompt(this.promptTemplates.managedAgentsSection, { agents });
  }

  run(task: string, options: RunOptions & { returnFullResult: true }): Promise<RunResult<Output>>;
  run(task: string, options?: RunOptions & { returnFullResult?: false }): Promise<Output>;
  async run(task: string, options: RunOptions & { returnFullResult?: boolean } = {}): Promise<unknown> {
    if (!options.continueRun && (options.checkpoint || this.hasApprovalTools())) {
      // Loaded on demand: a plain run does not load the durable layer.
      const { runDurable, outcomeValue } = await import('../durable/durable-run.js');
      return outcomeValue(await runDurable(this as MultiStepAgent, task, options), options.returnFullResult ?? false);
    }
    const events = this.stream(task, options);
    let next = await events.next();
    while (!next.done) next = await events.next();
    return options.returnFullResult ? next.value : next.value.output;
  }

  /**
   * A run that saves its state after every step and tool call (to `options.checkpoint`, or only in
   * the returned `runState`) and may pause: resolves to `{ state: 'done', output, result, runState }`
   * or `{ state: 'awaiting_approval', pending, runState }`. See docs/durable-runs.md.
   */
  async runDurable(task: string, options: RunOptions = {}): Promise<DurableOutcome<Output>> {
    const { runDurable } = await import('../durable/durable-run.js');
    return (await runDurable(this as MultiStepAgent, task, options)) as DurableOutcome<Output>;
  }

  /**
   * Continues a durable run, in this process or a new one, from its saved state (a `runState`, or
   * `{ store, runId }`): code actions are replayed with tool calls answered from the log, then the run
   * goes on. `approve` / `reject` decide the calls it paused on.
   */
  async resume(from: ResumeSource, options: ResumeOptions = {}): Promise<DurableOutcome<Output>> {
    const { resumeRun } = await import('../durable/durable-run.js');
    return (await resumeRun(this as MultiStepAgent, from, options)) as DurableOutcome<Output>;
  }

  /** Whether a tool may need a person's approval before it runs: such runs are durable. */
  hasApprovalTools(): boolean {
    return Object.values(this.tools).some((candidate) => candidate.needsApproval !== undefined && candidate.needsApproval !== false);
  }

  /**
   * The run as typed events; returns the run's result when done. Observers (option `observers`) and
   * the agent's logger (option `logger` / `verbosity`) see every event on the way out.
   */
  stream(task: string, options: RunOptions = {}): AsyncGenerator<AgentEvent, RunResult<Output>> {
    if (!options[DURABLE_LOOP] && (options.checkpoint || options.continueRun || this.hasApprovalTools())) {
      throw new TypeError(
        'stream() runs without checkpoints or approvals: with a `checkpoint`, or tools that `needsApproval`, use run(), runDurable() or resume() (observers see their events).',
      );
    }
    const logger = this.makeLogger(this.codeLanguage());
    const observers = logger ? [...this.observers, loggerObserver(logger)] : this.observers;
    return observeRun(this.loop(task, options), observers, { agent: this as MultiStepAgent, task, options });
  }

  /**
   * Rebuilds what earlier actions left behind (a code agent's sandbox variables) by running them
   * again, in order; their output is not added to memory. Nothing to rebuild by default.
   */
  protected async replayActions(_steps: ActionStep[], _hooks: ContinueRun, _signal?: AbortSignal): Promise<void> {}

  /** The language code actions are shown in by the logger. */
  protected codeLanguage(): CodeLanguage {
    return 'javascript';
  }

  /** The loop itself. */
  private async *loop(task: string, options: RunOptions): AsyncGenerator<AgentEvent, RunResult<Output>> {
    const { signal } = options;
    const maxSteps = positiveInteger(options.maxSteps ?? this.maxSteps, 'maxSteps');
    const startTime = Date.now();
    if (options.images !== undefined && !Array.isArray(options.images)) throw new TypeError('`images` must be an array of images.');
    const images = (options.images ?? []).map((image, index) => {
      try {
        return toImagePart(image);
      } catch (error) {
        throw new TypeError(`images[${index}]: ${(error as Error).message}`);
      }
    });
    const additional = options.additionalArgs && Object.keys(options.additionalArgs).length > 0 ? options.additionalArgs : undefined;
    const resuming = options.continueRun;
    let fullTask: string;
    let firstStepIndex: number;
    let firstStepNumber = 1;
    if (resuming) {
      // Memory was restored by resume(): the task step is there already; the sandbox is rebuilt by replay.
      firstStepIndex = this.memory.steps.findLastIndex((step) => step.type === 'task');
      const taskStep = this.memory.steps[firstStepIndex];
      if (taskStep?.type !== 'task') throw new TypeError('Cannot continue a run: its memory has no task step.');
      fullTask = taskStep.task;
      images.push(...(taskStep.images ?? []));
      yield { type: 'run_start', task, agentName: this.name };
      await this.prepareRun(additional, { reset: true });
      const done = this.memory.steps.slice(firstStepIndex).filter((step): step is ActionStep => step.type === 'action');
      await this.replayActions(done, resuming, signal);
      firstStepNumber = resuming.current?.stepNumber ?? (done.at(-1)?.stepNumber ?? 0) + 1;
    } else {
      if (options.reset ?? true) this.memory.reset();
      this.memory.systemPrompt = this.systemPrompt();
      firstStepIndex = this.memory.steps.length;
      fullTask = additional
        ? `${task}\n${renderPrompt(this.promptTemplates.additionalArgs, { args: JSON.stringify(additional, null, 2) })}`
        : task;
      await this.memory.budget?.checkRoom(this.memory.context, fullTask, this.toolDefinitions(), images);
      this.memory.steps.push({ type: 'task', task: fullTask, ...(images.length > 0 ? { images } : {}) });
      yield { type: 'run_start', task, agentName: this.name };
      await this.prepareRun(additional, { reset: options.reset ?? true });
    }

    let output: unknown;
    let finished = false;
    for (let stepNumber = firstStepNumber; stepNumber <= maxSteps && !finished; stepNumber++) {
      this.throwIfAborted(signal);
      // A step that goes on from a recorded reply had its plan (if due) before it stopped.
      const reply = resuming?.current?.stepNumber === stepNumber ? resuming.current.reply : undefined;
      if (!reply && this.planningInterval && (stepNumber === 1 || (stepNumber - 1) % this.planningInterval === 0)) {
        yield* this.planningStep(fullTask, images, stepNumber === 1, maxSteps - stepNumber + 1, signal);
      }
      const step: ActionStep = { type: 'action', stepNumber, timing: { startTime: Date.now() }, isFinalAnswer: false };
      yield { type: 'step_start', stepNumber };
      yield* this.runStep(step, { signal, reply });
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
    // The output went through the output schema's check (or there is none): it has the type run() promises.
    return { output: output as Output, state, steps, tokenUsage: sumTokenUsage(steps), timing: { startTime, endTime, duration: endTime - startTime } };
  }

  /** One action step with its bookkeeping: errors become memory, callbacks run, events go out. */
  private async *runStep(step: ActionStep, context: StepContext): AsyncGenerator<AgentEvent, void> {
    try {
      yield* this.executeStep(step, context);
      if (step.isFinalAnswer && this.outputSchema) {
        const checked = await this.outputSchema.check(step.actionOutput);
        if (!checked.ok) {
          step.isFinalAnswer = false;
          throw new AgentError(checked.message);
        }
        step.actionOutput = checked.value;
      }
      if (step.isFinalAnswer) {
        const rejection = await runFinalAnswerChecks(this.finalAnswerChecks, step.actionOutput, this.memory, this.promptTemplates.finalAnswer);
        if (rejection) {
          step.isFinalAnswer = false;
          throw new AgentError(rejection);
        }
      }
    } catch (error) {
      if (context.signal?.aborted) {
        const aborted = this.abortedError(context.signal);
        this.finishStep(step, { type: aborted.name, message: aborted.message });
        throw aborted;
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

  /**
   * What the model is sent: memory with the request's framing, within `maxTokensMemory` when set
   * (compacted first when needed; the compaction call uses this agent's model).
   */
  protected async *modelInput(request: MemoryRequest, signal?: AbortSignal): AsyncGenerator<AgentEvent, ChatMessage[]> {
    const summarize = async (messages: ChatMessage[]): Promise<ModelReply> => {
      try {
        return await this.model.generate(messages, { signal });
      } catch (error) {
        throw this.generationError(error, signal);
      }
    };
    const { messages, compaction } = await this.memory.messagesFor(request, summarize, signal);
    if (compaction) yield { type: 'memory_compaction', step: compaction };
    return messages;
  }

  /** Calls the model, streaming deltas as events when `streamOutputs` is on. Provider failures end the run. */
  protected async *generate(
    messages: ChatMessage[],
    options: GenerateOptions,
    stepNumber: number,
  ): AsyncGenerator<AgentEvent, ModelReply> {
    const { signal: _signal, ...requestOptions } = options;
    yield { type: 'model_request', stepNumber, messages, options: requestOptions };
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
      throw this.generationError(error, options.signal);
    }
  }

  private generationError(error: unknown, signal: AbortSignal | undefined): AgentError {
    if (signal?.aborted) return this.abortedError(signal);
    return new AgentGenerationError(`Error while generating output with ${this.model.modelId}: ${describe(error)}`, this.memory.steps, { cause: error });
  }

  /** A plan: the first from the task alone (with its images), later ones from memory. */
  private async *planningStep(task: string, taskImages: readonly ImagePart[], isFirst: boolean, remainingSteps: number, signal?: AbortSignal): AsyncGenerator<AgentEvent, void> {
    const startTime = Date.now();
    const planning = this.promptTemplates.planning;
    const context = {
      task,
      tools: this.renderTools(Object.values(this.tools).filter((tool) => !this.managedAgentNames.includes(tool.name))),
      managedAgents: this.renderManagedAgents(),
      remainingSteps,
    };
    const messages: ChatMessage[] = isFirst
      ? [{ role: 'user', content: withImages(renderPrompt(planning.initialPlan, context), taskImages) }]
      : yield* this.modelInput(
          {
            before: [{ role: 'system', content: renderPrompt(planning.updatePlanPre, context) }],
            after: [{ role: 'user', content: renderPrompt(planning.updatePlanPost, context) }],
            systemPrompt: false,
            plans: false,
          },
          signal,
        );
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

  /**
   * The steps ran out: ask the model once more for an answer, from memory alone. With an output
   * schema the answer is asked for as JSON of that schema and checked: a run never returns a value
   * that its type does not describe, so a mismatch here ends the run with AgentMaxStepsError.
   */
  private async *answerFromMemory(task: string, stepNumber: number, signal?: AbortSignal): AsyncGenerator<AgentEvent, unknown> {
    const step: ActionStep = { type: 'action', stepNumber, timing: { startTime: Date.now() }, isFinalAnswer: true };
    yield { type: 'step_start', stepNumber };
    const templates = this.promptTemplates.finalAnswer;
    const schema = this.outputSchema?.jsonSchema;
    const maxStepsMessage = renderPrompt(templates.maxStepsReached, { maxSteps: stepNumber - 1 });
    try {
      const messages = yield* this.modelInput(
        {
          before: [{ role: 'system', content: renderPrompt(templates.pre, { task }) }],
          after: [
            {
              role: 'user',
              content: renderPrompt(templates.post, {
                task,
                outputSchema: schema ? renderPrompt(templates.outputSchemaPost, { schema: JSON.stringify(schema) }) : '',
              }),
            },
          ],
          systemPrompt: false,
        },
        signal,
      );
      const responseFormat = schema ? { type: 'json_schema' as const, name: 'final_answer', schema } : undefined;
      const reply = yield* this.generate(messages, { signal, ...(responseFormat ? { responseFormat } : {}) }, stepNumber);
      Object.assign(step, { modelInputMessages: messages, modelOutputMessage: reply, modelOutput: reply.content, tokenUsage: reply.tokenUsage });
      step.actionOutput = reply.content;
    } catch (error) {
      this.finishStep(step, { type: 'AgentGenerationError', message: describe(error) });
      throw error;
    }
    if (this.outputSchema) {
      const parsed = parseJsonAnswer(String(step.actionOutput));
      const checked = parsed.ok ? await this.outputSchema.check(parsed.value) : undefined;
      if (!checked?.ok) {
        const why = checked ? checked.problems : renderPrompt(templates.answerNotJson, {});
        const message = renderPrompt(templates.answerDoesNotMatch, { maxStepsReached: maxStepsMessage, problems: why });
        this.finishStep(step, { type: AgentMaxStepsError.name, message });
        yield { type: 'step_end', step };
        throw new AgentMaxStepsError(message);
      }
      step.actionOutput = checked.value;
    }
    this.finishStep(step, { type: AgentMaxStepsError.name, message: maxStepsMessage });
    yield { type: 'step_end', step };
    return step.actionOutput;
  }

  protected throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw this.abortedError(signal);
  }

  /**
   * The error that ends an aborted run. Its cause is the signal's reason (what the caller gave to
   * `controller.abort(reason)`), whatever the model call, tool or sandbox threw while stopping.
   */
  private abortedError(signal: AbortSignal): AgentAbortedError {
    const reason: unknown = signal.reason;
    const detail = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : '';
    return new AgentAbortedError(detail ? `The run was aborted: ${detail}` : 'The run was aborted.', this.memory.steps, { cause: reason });
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${String(value)}.`);
  return value;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
