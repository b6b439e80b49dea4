import { withImages } from '../models/message-content.js';
import type { ChatMessage, ImagePart } from '../models/model.js';
import { renderPrompt } from '../prompts/template.js';
import type { AgentPromptTemplates } from '../prompts/types.js';
import type { ActionStep, PlanningStep } from './steps.js';

export type MemoryTemplates = Pick<AgentPromptTemplates, 'task' | 'observation' | 'error' | 'planning' | 'memory'>;

export function taskMessage(task: string, templates: MemoryTemplates, images?: readonly ImagePart[]): ChatMessage {
  return { role: 'user', content: withImages(renderPrompt(templates.task, { task }), images) };
}

export function planningMessages(step: PlanningStep, templates: MemoryTemplates): ChatMessage[] {
  return [{ role: 'assistant', content: renderPrompt(templates.planning.planInMemory, { plan: step.plan }) }];
}

/**
 * One action step as the model reads it: its reply, then what came back, with the step's observation
 * images after the observation text. A tool call and its result always travel together.
 */
export function actionMessages(step: ActionStep, templates: MemoryTemplates): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (step.toolCalls && step.toolCalls.length > 0) {
    // Native tool calling: every call must be answered by a tool message carrying its id.
    messages.push({
      role: 'assistant',
      content: step.modelOutput ?? '',
      toolCalls: step.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })),
    });
    for (const call of step.toolCalls) {
      const content = call.error
        ? renderPrompt(templates.error, { error: call.error.message })
        : renderPrompt(templates.observation, { observation: call.observation ?? '' });
      messages.push({ role: 'tool', toolCallId: call.id, content });
    }
    // The results are in the tool messages already; the images follow them under an empty observation.
    if (step.observationImages?.length) {
      messages.push({ role: 'user', content: withImages(renderPrompt(templates.observation, { observation: '' }), step.observationImages) });
    }
    if (step.error && step.toolCalls.every((call) => !call.error)) {
      messages.push({ role: 'user', content: renderPrompt(templates.error, { error: step.error.message }) });
    }
    return messages;
  }
  if (step.modelOutput !== undefined) messages.push({ role: 'assistant', content: step.modelOutput });
  if (step.observations || step.observationImages?.length) {
    messages.push({ role: 'user', content: withImages(renderPrompt(templates.observation, { observation: step.observations ?? '' }), step.observationImages) });
  }
  if (step.error) messages.push({ role: 'user', content: renderPrompt(templates.error, { error: step.error.message }) });
  return messages;
}
