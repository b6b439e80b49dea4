import type { AgentEvent } from '../agents/events.js';
import type { RunResult } from '../agents/run-result.js';
import type { ActionStep, PlanningStep } from '../memory/steps.js';
import type { ChatMessage, ModelReply } from '../models/model.js';
import { AgentLogger, formatImage, type AgentLoggerOptions } from './logger.js';
import type { RecordedRun } from './read-run-record.js';
import type { RecordedMessage } from './run-record.js';

/**
 * Renders recorded runs as the live log showed them, through the same AgentLogger: the record's
 * lines become agent events again. No model, tool or sandbox is involved.
 */
export function replayRuns(runs: readonly RecordedRun[], options: Omit<AgentLoggerOptions, 'language'>): void {
  for (const run of runs) {
    const logger = new AgentLogger({ ...options, spinner: false, language: run.start.agent.language });
    const { agent } = run.start;
    logger.info(`Recorded ${new Date(run.start.time).toISOString()} · run ${run.run}`);
    logger.info(`Model: ${agent.modelId}`);
    logger.info(`Agent: ${run.start.agentName} · tools: ${agent.tools.join(', ')}`);
    const steps: ActionStep[] = [];
    for (const event of toEvents(run)) {
      if (event.type === 'step_end') steps.push(event.step);
      logger.log(event);
    }
    logger.stop();
    const { end } = run;
    if (!end) logger.warn('The record stops here: the run did not finish (its process ended while it ran).');
    else if (end.error) logger.warn(`The run ended with ${end.error.name}: ${end.error.message}`);
    else {
      const result: RunResult = {
        output: end.output,
        state: end.state ?? 'success',
        steps,
        tokenUsage: end.tokenUsage ?? { inputTokens: 0, outputTokens: 0 },
        timing: end.timing ?? { startTime: run.start.time },
      };
      logger.summary(result);
    }
  }
}

/** The run's lines as agent events; steps and plans get back the model input and output the record keeps once. */
function* toEvents(run: RecordedRun): Generator<AgentEvent> {
  yield { type: 'run_start', task: run.start.task, agentName: run.start.agentName };
  let request: { stepNumber: number; messages: ChatMessage[] } | undefined;
  let reply: { stepNumber: number; message: ModelReply } | undefined;
  for (const line of run.lines) {
    const { time: _time, run: _run, ...event } = line;
    switch (event.type) {
      case 'model_request':
        request = { stepNumber: event.stepNumber, messages: event.messages.map(replayedMessage) };
        yield { type: 'model_request', stepNumber: event.stepNumber, messages: request.messages, options: event.options };
        continue;
      case 'model_output':
        reply = event;
        break;
      case 'step_end': {
        // The record keeps what identifies each observation image, not the image: the step goes on without them.
        const { observationImages: _images, ...recorded } = event.step;
        const step = recorded as ActionStep;
        if (request?.stepNumber === step.stepNumber) step.modelInputMessages = request.messages;
        if (reply?.stepNumber === step.stepNumber) step.modelOutputMessage = reply.message;
        yield { type: 'step_end', step };
        continue;
      }
      case 'plan': {
        const step = { ...event.step, modelInputMessages: request?.messages ?? [], modelOutputMessage: reply?.message } as PlanningStep;
        yield { type: 'plan', step };
        continue;
      }
      case 'error': {
        const error = new Error(event.error.message);
        error.name = event.error.name;
        yield { type: 'error', error, stepNumber: event.stepNumber };
        continue;
      }
    }
    yield event as AgentEvent;
  }
}

/** A recorded message as the logger renders it: each image as the tag the live log showed for it. */
function replayedMessage(message: RecordedMessage): ChatMessage {
  if (typeof message.content === 'string') return { ...message, content: message.content };
  return { ...message, content: message.content.map((part) => (part.type === 'text' ? part : { type: 'text' as const, text: formatImage(part.mediaType, part.bytes) })) };
}
