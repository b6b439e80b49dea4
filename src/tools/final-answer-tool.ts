import { z } from 'zod';
import { defaultToolPrompts } from '../prompts/default-tools.js';
import { Tool } from './tool.js';

/** The tool that ends a run. Executors and agents recognise it by name. */
export class FinalAnswerTool extends Tool<{ answer: unknown }, unknown> {
  readonly name = 'final_answer';
  readonly description = defaultToolPrompts.finalAnswer.description;
  readonly inputSchema = z.object({ answer: z.any().describe(defaultToolPrompts.finalAnswer.answerParameter) });
  override readonly outputType = 'any';

  forward({ answer }: { answer: unknown }): unknown {
    return answer;
  }
}

export const FINAL_ANSWER_TOOL_NAME = 'final_answer';
