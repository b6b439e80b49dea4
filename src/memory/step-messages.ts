import type { ChatMessage } from '../models/model.js';
import { renderPrompt } from '../prompts/template.js';
import type { AgentPromptTemplates } from '../prompts/types.js';
import type { ActionStep, PlanningStep } from './steps.js';

export type MemoryTemplates = Pick<AgentPromptTemplates, 'task' | 'observation' | 'error' | 'planning' | 'memory'>;

export function taskMessage(task: string, templates: MemoryTemplates): ChatMessage {
  return { role: 'user', content: renderPrompt(templates.task, { task }) };
}

/** The plan as the model's own message, then the user's go-ahead: the next reply is an action, and roles alternate. */
export function planningMessages(step: PlanningStep, templates: MemoryTemplates): ChatMessage[] {
  return [
    { role: 'assistant', content: renderPrompt(templates.planning.planInMemory, { plan: step.plan }) },
    { role: 'user', content: renderPrompt(templates.planning.followPlan, {}) },
  ];
}

/** One action step as the model reads it: its reply, then what came back. A tool call and its result always travel together. */
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
    if (step.error && step.toolCalls.every((call) => !call.error)) {
      messages.push({ role: 'user', content: renderPrompt(templates.error, { error: step.error.message }) });
    }
    return messages;
  }
  if (step.modelOutput !== undefined) messages.push({ role: 'assistant', content: step.modelOutput });
  // What a failed step printed and the error that stopped it are one message: a role never follows itself.
  const results = [
    ...(step.observations ? [renderPrompt(templates.observation, { observation: step.observations })] : []),
    ...(step.error ? [renderPrompt(templates.error, { error: step.error.message })] : []),
  ];
  if (results.length > 0) messages.push({ role: 'user', content: results.join('\n') });
  return messages;
}
