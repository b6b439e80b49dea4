import type { AgentEvent } from '../../agents/events.js';
import type { CodeLanguage } from '../../executors/executor.js';
import type { ActionStep } from '../../memory/steps.js';
import { resolveImage } from '../../models/images.js';
import { highlightCodeHtml } from '../../telemetry/highlight.js';
import { formatAnswer, formatFooter, thoughtBeforeCode } from '../../telemetry/logger.js';

/**
 * What the web UI's page receives over Server-Sent Events: agent events already turned into what
 * the page shows (texts, highlighted code as escaped HTML, footers), so the page only places them.
 */
export type UiMessage =
  | { kind: 'task'; text: string; files: string[] }
  | { kind: 'step'; step: number }
  | { kind: 'delta'; step: number; plan: boolean; text: string }
  | { kind: 'thought'; step: number; text: string }
  | { kind: 'code'; step: number; html: string }
  | { kind: 'tool_call'; step: number; id: string; name: string; args: string }
  | { kind: 'tool_result'; step: number; id: string; name: string; text: string; isError: boolean }
  | { kind: 'observation'; step: number; text: string }
  /** `images`: the step's observation images (a screenshot) as `data:` URLs, for the page to show. */
  | { kind: 'step_end'; step: number; error?: string; warning: boolean; footer: string; images?: string[] }
  | { kind: 'plan'; text: string; footer: string }
  | { kind: 'final_answer'; text: string }
  | { kind: 'error'; text: string }
  | { kind: 'notice'; text: string }
  | { kind: 'status'; running: boolean }
  | { kind: 'reset' };

/** Longest observation or tool result the page shows; the record and the model keep them whole. */
const MAX_SHOWN_CHARS = 20_000;

/** Turns one run's events into UI messages; it tracks the step in progress to tell plans from steps. */
export class UiMessageBuilder {
  private currentStep = 0;

  constructor(private readonly language: CodeLanguage) {}

  convert(event: AgentEvent): UiMessage[] {
    switch (event.type) {
      case 'step_start':
        this.currentStep = event.stepNumber;
        return [{ kind: 'step', step: event.stepNumber }];
      case 'model_delta':
        return event.delta.content ? [{ kind: 'delta', step: event.stepNumber, plan: event.stepNumber !== this.currentStep, text: event.delta.content }] : [];
      case 'model_output': {
        // A reply for a step that has not started is a plan: the plan message shows it.
        if (event.stepNumber !== this.currentStep) return [];
        const { content, toolCalls } = event.message;
        return [{ kind: 'thought', step: event.stepNumber, text: toolCalls?.length ? content.trim() : thoughtBeforeCode(content) }];
      }
      case 'code_action':
        return [{ kind: 'code', step: event.stepNumber, html: highlightCodeHtml(event.code, this.language) }];
      case 'tool_call': {
        const { id, name, arguments: args } = event.toolCall;
        return [{ kind: 'tool_call', step: event.stepNumber, id, name, args: typeof args === 'string' ? args : formatAnswer(args) }];
      }
      case 'tool_result':
        return [{ kind: 'tool_result', step: event.stepNumber, id: event.toolCallId, name: event.name, text: cut(event.observation), isError: event.isError }];
      case 'observation':
        return [{ kind: 'observation', step: event.stepNumber, text: cut(event.observation.trimEnd()) }];
      case 'step_end': {
        const { step } = event;
        return [
          {
            kind: 'step_end',
            step: step.stepNumber,
            ...(step.error ? { error: `${step.error.type}: ${step.error.message.trimEnd()}` } : {}),
            warning: step.error?.type === 'AgentMaxStepsError',
            footer: `Step ${step.stepNumber}: ${formatFooter(step.timing.duration, step.tokenUsage)}`,
            ...withImages(step),
          },
        ];
      }
      case 'plan':
        return [{ kind: 'plan', text: event.step.plan, footer: `Plan: ${formatFooter(event.step.timing.duration, event.step.tokenUsage)}` }];
      case 'final_answer':
        return [{ kind: 'final_answer', text: formatAnswer(event.output) }];
      case 'run_start':
      case 'model_request':
      case 'memory_compaction':
      case 'error':
        // The task is shown when it is sent; a failure is shown once, when the run ends.
        return [];
    }
  }
}

/**
 * The step's observation images the page can show: those held as data, as `data:` URLs (the page's
 * content security policy lets it load nothing else; an image given by URL is not fetched).
 */
function withImages(step: ActionStep): { images?: string[] } {
  const images = (step.observationImages ?? []).flatMap((part) => {
    const image = resolveImage(part);
    return image.kind === 'data' ? [`data:${image.mediaType};base64,${image.base64}`] : [];
  });
  return images.length > 0 ? { images } : {};
}

function cut(text: string): string {
  return text.length <= MAX_SHOWN_CHARS ? text : `${text.slice(0, MAX_SHOWN_CHARS)}… (${(text.length - MAX_SHOWN_CHARS).toLocaleString('en-US')} more characters)`;
}
