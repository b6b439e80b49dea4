import { z } from 'zod';
import { Tool } from './tool.js';

/** The tool that ends a run. Executors and agents recognise it by name. */
export class FinalAnswerTool extends Tool<{ answer: unknown }, unknown> {
  readonly name = 'final_answer';
  readonly description = 'Provides the final answer to the task and ends the run.';
  readonly inputSchema = z.object({ answer: z.any().describe('The final answer to the task: any JSON-serializable value.') });
  override readonly outputType = 'any';

  forward({ answer }: { answer: unknown }): unknown {
    return answer;
  }
}

export const FINAL_ANSWER_TOOL_NAME = 'final_answer';
