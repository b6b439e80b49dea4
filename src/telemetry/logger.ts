import type { AgentEvent } from '../agents/events.js';
import { countSteps, type RunResult } from '../agents/run-result.js';
import type { CodeLanguage } from '../executors/executor.js';
import type { ActionStep, CompactionStep } from '../memory/steps.js';
import { imageByteLength, resolveImage } from '../models/images.js';
import type { ChatMessage, MessageContent, ModelReply, TokenUsage } from '../models/model.js';
import { createColors, shouldUseColor, type Colors } from './colors.js';
import { highlightCode } from './highlight.js';
import { Spinner } from './spinner.js';
import { terminalSafe } from './terminal-safe.js';

/** quiet: nothing; normal: the step log; verbose: also every model input and provider errors in full. */
export type LogLevel = 'quiet' | 'normal' | 'verbose';

export interface LogOutput {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

export interface AgentLoggerOptions {
  /** Where the log goes; the CLI passes stderr so that stdout carries only the answer. */
  output: LogOutput;
  level?: LogLevel | undefined;
  /** true/false forces colours; default: NO_COLOR / FORCE_COLOR / TTY-ness of `output`. */
  colors?: boolean | undefined;
  /** Spinner while the model thinks or an action runs. Default: only when `output` is a TTY. */
  spinner?: boolean | undefined;
  /** Language of code actions, for syntax colour. Default javascript. */
  language?: CodeLanguage | undefined;
  /** Observations longer than this are cut in the normal level (verbose shows them whole). Default 2,000. */
  maxObservationChars?: number | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

const RULE_WIDTH = 60;

/**
 * Renders agent events as a readable step log, in the spirit of smolagents' panels but as plain
 * terminal text. The agent loop never prints: this is the only place events become text.
 * Feed it every event of `agent.stream()` with `log(event)`, then `summary(result)`.
 */
export class AgentLogger {
  readonly level: LogLevel;
  private readonly output: LogOutput;
  private readonly colors: Colors;
  private readonly spinner: Spinner;
  private readonly language: CodeLanguage;
  private readonly maxObservationChars: number;
  /** The action step in progress: a model output for another step number is a planning reply. */
  private currentStep = 0;
  /** Streaming state: which reply is being written live, and whether the line is still open. */
  private streaming?: { stepNumber: number; isPlan: boolean } | undefined;
  private lineOpen = false;

  constructor(options: AgentLoggerOptions) {
    this.output = options.output;
    this.level = options.level ?? 'normal';
    this.colors = createColors(options.colors ?? shouldUseColor(options.output, options.env));
    this.language = options.language ?? 'javascript';
    this.maxObservationChars = options.maxObservationChars ?? 2_000;
    const colors = this.colors;
    this.spinner = new Spinner(options.output, {
      enabled: this.level !== 'quiet' && (options.spinner ?? options.output.isTTY === true),
      decorate: (text) => colors.cyan(text),
    });
  }

  log(event: AgentEvent): void {
    if (this.level === 'quiet') return;
    switch (event.type) {
      case 'run_start':
        this.rule(`New run · ${event.agentName}`);
        this.line(this.colors.bold(event.task));
        this.spinner.start('Thinking…');
        return;
      case 'step_start':
        this.currentStep = event.stepNumber;
        this.rule(`Step ${event.stepNumber}`);
        this.spinner.start('Thinking…');
        return;
      case 'model_delta':
        return this.writeDelta(event.stepNumber, event.delta.content);
      case 'model_output':
        return this.modelOutput(event.stepNumber, event.message);
      case 'code_action':
        this.line(this.colors.gray('─ Code ─'));
        this.line(highlightCode(event.code, this.language, this.colors));
        this.spinner.start('Running code…');
        return;
      case 'tool_call':
        this.line(`${this.colors.cyan('→')} ${this.colors.bold(event.toolCall.name)}(${formatArguments(event.toolCall.arguments)})`);
        this.spinner.start('Running tools…');
        return;
      case 'tool_result': {
        const text = this.cut(event.observation);
        const body = event.isError ? this.colors.red(`Error: ${text}`) : text;
        this.line(`${this.colors.cyan('←')} ${this.colors.bold(event.name)}: ${body}`);
        return;
      }
      case 'observation':
        this.line(this.colors.gray('─ Observation ─'));
        this.line(this.cut(event.observation.trimEnd()));
        return;
      case 'step_end':
        return this.stepEnd(event.step);
      case 'plan':
        if (this.streaming?.isPlan) this.endStream();
        else {
          this.rule('Plan');
          this.line(event.step.plan);
        }
        this.line(this.colors.gray(`[Plan: ${formatFooter(event.step.timing.duration, event.step.tokenUsage)}]`));
        this.spinner.start('Thinking…');
        return;
      case 'memory_compaction':
        this.spinner.stop();
        this.line(this.colors.gray(`[${formatCompaction(event.step)}]`));
        this.spinner.start('Thinking…');
        return;
      case 'final_answer':
        this.line(`${this.colors.bold(this.colors.green('Final answer:'))} ${formatAnswer(event.output)}`);
        return;
      case 'error':
        // The CLI prints the one-line reason; the verbose log adds what led to it.
        if (this.level === 'verbose') this.line(this.colors.red(`${event.error.name}: ${event.error.message}`));
        return;
    }
  }

  /** The closing line of a run: steps, tokens and time. */
  summary(result: RunResult): void {
    if (this.level === 'quiet') return;
    const steps = countSteps(result.steps);
    const parts = [`${steps} ${steps === 1 ? 'step' : 'steps'}`, ...formatTokens(result.tokenUsage), `${formatSeconds(result.timing.duration)}`];
    if (result.state === 'max_steps_error') parts.push(this.colors.yellow('maximum steps reached: answer written from memory'));
    this.rule('Done');
    this.line(parts.join(' | '));
  }

  /** A note from the CLI (model chosen, tools loaded), in the log's style. */
  info(text: string): void {
    if (this.level === 'quiet') return;
    this.line(this.colors.gray(text));
  }

  warn(text: string): void {
    if (this.level === 'quiet') return;
    this.line(this.colors.yellow(text));
  }

  /** Stops the spinner and closes any open line (call before printing elsewhere, and at exit). */
  stop(): void {
    this.spinner.stop();
    if (this.lineOpen) {
      this.output.write('\n');
      this.lineOpen = false;
    }
  }

  private modelOutput(stepNumber: number, message: ModelReply): void {
    if (this.streaming && this.streaming.stepNumber === stepNumber && !this.streaming.isPlan) {
      this.endStream();
      return;
    }
    // A reply for a step that has not started is a planning reply: the plan event shows it.
    if (stepNumber !== this.currentStep) return;
    const thought = message.toolCalls?.length ? message.content.trim() : thoughtBeforeCode(message.content);
    this.spinner.stop();
    if (thought) this.line(this.colors.italic(thought));
  }

  private writeDelta(stepNumber: number, text: string | undefined): void {
    if (!text) return;
    this.spinner.stop();
    if (!this.streaming || this.streaming.stepNumber !== stepNumber) {
      const isPlan = stepNumber !== this.currentStep;
      if (isPlan) this.rule('Plan');
      this.streaming = { stepNumber, isPlan };
    }
    this.output.write(this.colors.dim(terminalSafe(text)));
    this.lineOpen = !text.endsWith('\n');
  }

  private endStream(): void {
    this.streaming = undefined;
    if (this.lineOpen) {
      this.output.write('\n');
      this.lineOpen = false;
    }
  }

  private stepEnd(step: ActionStep): void {
    this.spinner.stop();
    if (this.streaming) this.endStream();
    if (step.error) {
      // Running out of steps is a warning, not a failure: the answer still comes, from memory.
      const paint = step.error.type === 'AgentMaxStepsError' ? this.colors.yellow : this.colors.red;
      this.line(paint(`${step.error.type}: ${step.error.message.trimEnd()}`));
    }
    if (this.level === 'verbose' && step.modelInputMessages) this.modelInput(step.modelInputMessages);
    this.line(this.colors.gray(`[Step ${step.stepNumber}: ${formatFooter(step.timing.duration, step.tokenUsage)}]`));
  }

  private modelInput(messages: ChatMessage[]): void {
    this.line(this.colors.gray(`─ Model input (${messages.length} messages) ─`));
    for (const message of messages) {
      this.line(`${this.colors.magenta(`[${message.role}]`)} ${this.colors.dim(renderContent(message.content))}`);
      for (const call of message.toolCalls ?? []) this.line(this.colors.dim(`  → ${call.name}(${formatArguments(call.arguments)})`));
    }
  }

  private cut(text: string): string {
    if (this.level === 'verbose' || text.length <= this.maxObservationChars) return text;
    return `${text.slice(0, this.maxObservationChars)}${this.colors.gray(`… (${formatCount(text.length - this.maxObservationChars)} more characters; --verbose shows all)`)}`;
  }

  private rule(title: string): void {
    const head = `━━ ${title} `;
    this.line(this.colors.bold(this.colors.blue(head + '━'.repeat(Math.max(3, RULE_WIDTH - head.length)))));
  }

  private line(text: string): void {
    this.spinner.stop();
    if (this.lineOpen) {
      this.output.write('\n');
      this.lineOpen = false;
    }
    this.output.write(`${terminalSafe(text)}\n`);
  }
}

/**
 * The model's reasoning: its reply up to the first code block (fence or <code> tag), without a
 * "Code:" label just before the block (the log heads the code with its own "─ Code ─" line).
 */
export function thoughtBeforeCode(content: string): string {
  const fence = content.search(/(^|\n)[ \t]*```/);
  const tag = content.indexOf('<code>');
  const cuts = [fence, tag].filter((at) => at !== -1);
  const end = cuts.length > 0 ? Math.min(...cuts) : content.length;
  return content.slice(0, end).trim().replace(/(^|\n)[ \t]*Code:$/, '').trim();
}

/** "Duration 0.42 s | Input tokens: 1,234 (1,024 cached) | Output tokens: 56" */
export function formatFooter(durationMs: number | undefined, usage: TokenUsage | undefined): string {
  return [`Duration ${formatSeconds(durationMs)}`, ...(usage ? formatTokens(usage) : [])].join(' | ');
}

/** Input tokens with what the provider's prompt cache read and wrote of them, then output tokens. */
export function formatTokens(usage: TokenUsage): string[] {
  const cache = [
    ...(usage.cachedInputTokens ? [`${formatCount(usage.cachedInputTokens)} cached`] : []),
    ...(usage.cacheWriteTokens ? [`${formatCount(usage.cacheWriteTokens)} written to cache`] : []),
  ];
  return [`Input tokens: ${formatCount(usage.inputTokens)}${cache.length > 0 ? ` (${cache.join(', ')})` : ''}`, `Output tokens: ${formatCount(usage.outputTokens)}`];
}

/** "Memory: older steps folded into a summary, 6,950 → 2,900 tokens | Duration 0.41 s | Input tokens: …" */
export function formatCompaction(step: CompactionStep): string {
  const move = step.move === 'fold' ? 'older steps folded into a summary' : step.move === 'drop_images' ? "older steps' images left out" : 'older observations shortened';
  const head = `Memory: ${move}, ${formatCount(step.tokensBefore)} → ${formatCount(step.tokensAfter)} tokens`;
  return step.move === 'fold' ? `${head} | ${formatFooter(step.timing.duration, step.tokenUsage)}` : head;
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

function formatSeconds(durationMs: number | undefined): string {
  return `${((durationMs ?? 0) / 1000).toFixed(2)} s`;
}

function formatArguments(args: unknown): string {
  if (typeof args === 'string') return args;
  try {
    return JSON.stringify(args) ?? '';
  } catch {
    return String(args);
  }
}

/** A final answer for display: strings as they are, anything else as JSON. */
export function formatAnswer(output: unknown): string {
  if (typeof output === 'string') return output;
  if (output === undefined) return 'undefined';
  try {
    return JSON.stringify(output) ?? String(output);
  } catch {
    return String(output);
  }
}

/** Text as it is; each image as a short tag with its type and size, never its data. */
function renderContent(content: MessageContent): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? part.text : formatImage(resolveImage(part).mediaType, imageByteLength(part)))).join('\n');
}

/** "[image image/jpeg, 38 KB]": how the log shows an image (a replay shows recorded ones the same way). */
export function formatImage(mediaType: string | undefined, bytes: number | undefined): string {
  return `[image${mediaType ? ` ${mediaType}` : ''}${bytes === undefined ? '' : `, ${formatCount(Math.round(bytes / 1024))} KB`}]`;
}
