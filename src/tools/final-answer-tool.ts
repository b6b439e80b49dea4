import type { JsonSchema } from '../models/model.js';
import { defaultToolPrompts } from '../prompts/default-tools.js';
import type { SchemaInput } from './schema/schema-types.js';
import { toToolSchema } from './schema/tool-schema.js';
import { Tool } from './tool.js';

export const FINAL_ANSWER_TOOL_NAME = 'final_answer';

/**
 * The tool that ends a run. Executors and agents recognise it by name; code agents' sandboxes
 * define `final_answer(answer)` themselves and only render this tool's description.
 *
 * With an agent's output schema, the `answer` parameter shows that shape (to the provider, and in
 * the code agents' declarations). The answer itself is checked by the agent, once, whatever the
 * agent type: a tool-side check would need the schema converted to JSON Schema and back, which
 * loses what JSON Schema cannot say (refinements, transforms).
 */
export class FinalAnswerTool extends Tool<{ answer: unknown }, unknown> {
  readonly name = FINAL_ANSWER_TOOL_NAME;
  readonly description = defaultToolPrompts.finalAnswer.description;
  readonly inputSchema: JsonSchema = {
    type: 'object',
    properties: { answer: { description: defaultToolPrompts.finalAnswer.answerParameter } },
    required: ['answer'],
  };

  constructor(private readonly answerSchema?: SchemaInput) {
    super();
  }

  override get parametersSchema(): JsonSchema {
    if (!this.answerSchema) return super.parametersSchema;
    // 'input': what the model has to write, before the schema's defaults and transforms.
    const shape = toToolSchema(this.answerSchema).jsonSchema('input');
    const description = [defaultToolPrompts.finalAnswer.typedAnswerParameter, shape.description].filter(Boolean).join(' ');
    return { ...this.inputSchema, properties: { answer: { ...shape, description } } };
  }

  forward({ answer }: { answer: unknown }): unknown {
    return answer;
  }
}
