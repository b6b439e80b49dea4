import type { AgentEvent } from '../agents/events.js';
import type { RunObserver } from '../agents/run-observer.js';

/**
 * An agent event as a worker publishes it (BullMQ job progress): small JSON, no model messages
 * (they can be large and repeat the whole memory), long texts cut.
 */
export type JobEvent =
  | { type: 'step_start'; stepNumber: number }
  | { type: 'code_action'; stepNumber: number; code: string }
  | { type: 'tool_call'; stepNumber: number; name: string; arguments: unknown }
  | { type: 'tool_result'; stepNumber: number; name: string; observation: string; isError: boolean }
  | { type: 'observation'; stepNumber: number; observation: string }
  | { type: 'step_end'; stepNumber: number; error?: string | undefined }
  | { type: 'final_answer'; output: unknown };

const MAX_TEXT = 4_000;
const cut = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);

export function toJobEvent(event: AgentEvent): JobEvent | undefined {
  switch (event.type) {
    case 'step_start':
      return { type: 'step_start', stepNumber: event.stepNumber };
    case 'code_action':
      return { type: 'code_action', stepNumber: event.stepNumber, code: cut(event.code) };
    case 'tool_call':
      return { type: 'tool_call', stepNumber: event.stepNumber, name: event.toolCall.name, arguments: event.toolCall.arguments };
    case 'tool_result':
      return { type: 'tool_result', stepNumber: event.stepNumber, name: event.name, observation: cut(event.observation), isError: event.isError };
    case 'observation':
      return { type: 'observation', stepNumber: event.stepNumber, observation: cut(event.observation) };
    case 'step_end':
      return { type: 'step_end', stepNumber: event.step.stepNumber, ...(event.step.error ? { error: event.step.error.message } : {}) };
    case 'final_answer':
      return { type: 'final_answer', output: event.output };
    default:
      return undefined;
  }
}

/** Hands every run's events, as JobEvents, to `publish`; a failure to publish does not stop the run. */
export function publishingObserver(publish: (event: JobEvent) => Promise<void>): RunObserver {
  return {
    startRun: () => ({
      event: async (event) => {
        const published = toJobEvent(event);
        if (published) await publish(published).catch(() => undefined);
      },
      end: () => undefined,
    }),
  };
}
