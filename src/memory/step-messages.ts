import { withImages } from '../models/message-content.js';
import type { ChatMessage, ImagePart } from '../models/model.js';
import { renderPrompt } from '../prompts/template.js';
import type { AgentPromptTemplates } from '../prompts/types.js';
import type { ActionStep, PlanningStep } from './steps.js';

export type MemoryTemplates = Pick<AgentPromptTemplates, 'task' | 'observation' | 'error' | 'planning' | 'memory'>;

export function taskMessage(task: string, templates: MemoryTemplates, images?: readonly ImagePart[]): ChatMessage {
  return { role: 'user', content: withImages(renderPrompt(templates.task, { task }), images) };
}

/** The plan as the model's own message, then the user's go-ahead: the next reply is an action, and roles alternate. */
export function planningMessages(step: PlanningStep, templates: MemoryTemplates): ChatMessage[] {
  return [
    { role: 'assistant', content: renderPrompt(templates.planning.planInMemory, { plan: step.plan }) },
    { role: 'user', content: renderPrompt(templates.planning.followPlan, {}) },
  ];
}

/**
 * One action step as the model reads it: its reply, then what came back, with the step's observation
 * images after the observation text. A tool call and its result always travel together.
 */
export function actionMessages(step: ActionStep, templates: MemoryTemplates): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const images = step.observationImages?.length ? step.observationImages : undefined;
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
    // The results are in the tool messages already: the images follow them under an empty observation,
    // in one user message with an error no call reported.
    const after = [
      ...(images ? [renderPrompt(templates.observation, { observation: '' })] : []),
      ...(step.error && step.toolCalls.every((call) => !call.error) ? [renderPrompt(templates.error, { error: step.error.message })] : []),
    ].filter((text) => text !== '');
    if (after.length > 0 || images) messages.push({ role: 'user', content: withImages(after.join('\n'), images) });
    return messages;
  }
  if (step.modelOutput !== undefined) messages.push({ role: 'assistant', content: step.modelOutput });
  // What a failed step printed, the error that stopped it and the step's images are one message: a role never follows itself.
  const results = [
    ...(step.observations || images ? [renderPrompt(templates.observation, { observation: step.observations ?? '' })] : []),
    ...(step.error ? [renderPrompt(templates.error, { error: step.error.message })] : []),
  ];
  if (results.length > 0) messages.push({ role: 'user', content: withImages(results.join('\n'), images) });
  return messages;
}
