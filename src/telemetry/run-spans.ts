import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import type { AgentEvent } from '../agents/events.js';
import type { ObservedRun, RunContext, RunOutcome } from '../agents/run-observer.js';
import type { ActionStep } from '../memory/steps.js';
import type { ChatMessage, TokenUsage } from '../models/model.js';
import { genAiMessages, systemInstructions } from './gen-ai-messages.js';
import { formatAnswer } from './logger.js';

type OtelApi = typeof import('@opentelemetry/api');

/** The name code actions have as a tool in spans: one `execute_tool code_action` span per action. */
export const CODE_ACTION_TOOL_NAME = 'code_action';

/**
 * The spans of one run, built from its events (OpenTelemetry GenAI conventions):
 *
 *   invoke_agent {agent}                    the run
 *   ├── plan                                a planning step
 *   │   └── chat {model}
 *   └── step {n}                            an action step
 *       ├── chat {model}                    the model call
 *       ├── execute_tool {tool}             a tool-calling step's calls
 *       └── execute_tool code_action        a code action
 *           └── execute_tool {tool}         the tools it called
 *
 * Text the model read or wrote (messages, code, tool arguments and results, the task and answer)
 * goes in only with `captureContent`.
 */
export class RunSpans implements ObservedRun {
  private readonly run: Span;
  private readonly runContext: Context;
  private step?: { number: number; span: Span; context: Context } | undefined;
  private plan?: { span: Span; context: Context } | undefined;
  private chat?: Span | undefined;
  private code?: { span: Span; context: Context } | undefined;
  /** Calls under way: their span is made when the result (with its exact timing) comes. */
  private readonly tools = new Map<string, { name: string; attributes: Attributes; parent: Context; startTime: number }>();

  constructor(
    private readonly api: OtelApi,
    private readonly tracer: Tracer,
    private readonly context: RunContext,
    private readonly captureContent: boolean,
  ) {
    const { agent } = context;
    this.run = tracer.startSpan(
      `invoke_agent ${agent.name}`,
      {
        kind: api.SpanKind.INTERNAL,
        attributes: {
          'gen_ai.operation.name': 'invoke_agent',
          'gen_ai.agent.name': agent.name,
          ...(agent.description ? { 'gen_ai.agent.description': agent.description } : {}),
          'gen_ai.request.model': agent.model.modelId,
          'smolagents.agent.type': agent.constructor.name,
          ...(captureContent ? { 'smolagents.task': context.task } : {}),
        },
      },
      api.context.active(),
    );
    this.runContext = api.trace.setSpan(api.context.active(), this.run);
  }

  event(event: AgentEvent): void {
    switch (event.type) {
      case 'step_start':
        this.endPlan();
        this.step = { number: event.stepNumber, ...this.child(`step ${event.stepNumber}`, this.runContext, { 'smolagents.step.number': event.stepNumber }) };
        return;
      case 'model_request': {
        // A request for a step that has not started is the planning that runs before it.
        const parent = this.step?.number === event.stepNumber ? this.step.context : this.openPlan(event.stepNumber).context;
        const modelId = this.context.agent.model.modelId;
        const attributes: Attributes = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': modelId };
        if (event.options.stopSequences?.length) attributes['gen_ai.request.stop_sequences'] = event.options.stopSequences;
        if (this.captureContent) {
          attributes['gen_ai.input.messages'] = JSON.stringify(genAiMessages(event.messages));
          const system = systemInstructions(event.messages);
          if (system) attributes['gen_ai.system_instructions'] = JSON.stringify(system);
        }
        this.chat = this.tracer.startSpan(`chat ${modelId}`, { kind: this.api.SpanKind.CLIENT, attributes }, parent);
        return;
      }
      case 'model_output':
        return this.endChat(event.message);
      case 'code_action': {
        const parent = this.step?.context ?? this.runContext;
        this.code = this.child(`execute_tool ${CODE_ACTION_TOOL_NAME}`, parent, {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': CODE_ACTION_TOOL_NAME,
          'gen_ai.tool.type': 'extension',
          ...(this.captureContent ? { 'gen_ai.tool.call.arguments': event.code } : {}),
        });
        return;
      }
      case 'tool_call': {
        const { id, name, arguments: args } = event.toolCall;
        const description = this.context.agent.tools[name]?.description;
        this.tools.set(id, {
          name,
          parent: this.code?.context ?? this.step?.context ?? this.runContext,
          startTime: Date.now(),
          attributes: {
            'gen_ai.operation.name': 'execute_tool',
            'gen_ai.tool.name': name,
            'gen_ai.tool.call.id': id,
            'gen_ai.tool.type': 'function',
            ...(description ? { 'gen_ai.tool.description': description } : {}),
            ...(this.captureContent ? { 'gen_ai.tool.call.arguments': typeof args === 'string' ? args : JSON.stringify(args) } : {}),
          },
        });
        return;
      }
      case 'tool_result': {
        const call = this.tools.get(event.toolCallId);
        if (!call) return;
        this.tools.delete(event.toolCallId);
        const span = this.toolSpan(call, event.timing?.startTime);
        if (this.captureContent) span.setAttribute('gen_ai.tool.call.result', event.observation);
        if (event.isError) this.fail(span, 'tool_error', event.observation);
        span.end(event.timing?.endTime);
        return;
      }
      case 'observation':
        if (this.code && this.captureContent) this.code.span.setAttribute('gen_ai.tool.call.result', event.observation);
        return;
      case 'step_end':
        return this.endStep(event.step);
      case 'plan':
        if (this.plan) {
          setUsage(this.plan.span, event.step.tokenUsage);
          this.endPlan();
        }
        return;
      case 'final_answer':
        if (this.captureContent) this.run.setAttribute('smolagents.final_answer', formatAnswer(event.output));
        return;
      case 'error':
        if (this.chat) {
          this.fail(this.chat, event.error.name, event.error.message);
          this.chat.end();
          this.chat = undefined;
        }
        return;
      case 'run_start':
      case 'model_delta':
        return;
    }
  }

  end(outcome: RunOutcome): void {
    const error = 'error' in outcome ? toError(outcome.error) : undefined;
    const unfinishedCalls = [...this.tools.values()].map((call) => this.toolSpan(call));
    for (const span of [...unfinishedCalls, this.chat, this.code?.span, this.step?.span, this.plan?.span]) {
      if (!span) continue;
      if (error) this.fail(span, error.name, error.message);
      span.end();
    }
    if ('result' in outcome) {
      setUsage(this.run, outcome.result.tokenUsage);
      this.run.setAttribute('smolagents.run.state', outcome.result.state);
    } else {
      this.run.recordException(error!);
      this.fail(this.run, error!.name, error!.message);
    }
    this.run.end();
  }

  private child(name: string, parent: Context, attributes: Attributes): { span: Span; context: Context } {
    const span = this.tracer.startSpan(name, { kind: this.api.SpanKind.INTERNAL, attributes }, parent);
    return { span, context: this.api.trace.setSpan(parent, span) };
  }

  private toolSpan(call: { name: string; attributes: Attributes; parent: Context; startTime: number }, startTime = call.startTime): Span {
    return this.tracer.startSpan(`execute_tool ${call.name}`, { kind: this.api.SpanKind.INTERNAL, attributes: call.attributes, startTime }, call.parent);
  }

  private openPlan(stepNumber: number): { span: Span; context: Context } {
    this.plan ??= this.child('plan', this.runContext, { 'smolagents.step.number': stepNumber });
    return this.plan;
  }

  private endPlan(): void {
    this.plan?.span.end();
    this.plan = undefined;
  }

  private endChat(message: ChatMessage): void {
    if (!this.chat) return;
    setUsage(this.chat, message.tokenUsage);
    if (message.toolCalls?.length) this.chat.setAttribute('gen_ai.response.finish_reasons', ['tool_calls']);
    if (this.captureContent) this.chat.setAttribute('gen_ai.output.messages', JSON.stringify(genAiMessages([message])));
    this.chat.end();
    this.chat = undefined;
  }

  private endStep(step: ActionStep): void {
    if (this.code) {
      if (step.error) this.fail(this.code.span, step.error.type, step.error.message);
      this.code.span.end();
      this.code = undefined;
    }
    if (!this.step) return;
    setUsage(this.step.span, step.tokenUsage);
    // A step error the run recovered from (the model reads it next step) still marks the step.
    if (step.error) this.fail(this.step.span, step.error.type, step.error.message);
    this.step.span.end();
    this.step = undefined;
  }

  private fail(span: Span, type: string, message: string): void {
    span.setAttribute('error.type', type);
    span.setStatus({ code: this.api.SpanStatusCode.ERROR, message });
  }
}

function setUsage(span: Span, usage: TokenUsage | undefined): void {
  if (!usage) return;
  span.setAttribute('gen_ai.usage.input_tokens', usage.inputTokens);
  span.setAttribute('gen_ai.usage.output_tokens', usage.outputTokens);
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
