import type { JsonSchema } from '../models/model.js';
import { renderPrompt } from '../prompts/template.js';
import { toolMessages } from '../prompts/tool-messages.js';
import type { AgentPromptTemplates } from '../prompts/types.js';
import type { InferSchemaOutput, SchemaInput } from '../tools/schema/schema-types.js';
import { formatIssues, isSchemaInput, toToolSchema } from '../tools/schema/tool-schema.js';

/** What `run()` resolves to: the output schema's type, or `unknown` for an agent without one. */
export type AgentOutput<OutputSchema> = [OutputSchema] extends [undefined]
  ? unknown
  : undefined extends OutputSchema
    ? unknown // a schema that may or may not be there (options typed by hand): nothing to tell
    : InferSchemaOutput<OutputSchema>;

/** Renders the answer's JSON Schema the way this agent type shows types (TypeScript, Python, JSON). */
export type OutputSchemaRenderer = (schema: JsonSchema) => string;

/** `problems` lists what is wrong (`population: expected number, received string`); `message` is the model's error observation. */
export type OutputCheck = { ok: true; value: unknown } | { ok: false; problems: string; message: string };

/**
 * An agent's `outputSchema` (zod, any Standard Schema, or JSON Schema): what the model is told the
 * final answer must be, and the check each proposed final answer goes through. A mismatch is an
 * error observation, so the model gets to fix it; a match gives the schema's parsed value.
 */
export class AgentOutputSchema {
  readonly schema: SchemaInput;
  /** What the model writes: the schema's input side (fields with defaults are optional). */
  readonly jsonSchema: JsonSchema;

  /** `render` is the agent's way of writing types, called when a prompt is rendered. */
  constructor(
    schema: unknown,
    private readonly templates: Pick<AgentPromptTemplates, 'outputSchemaSection' | 'invalidFinalAnswer'>,
    private readonly render: OutputSchemaRenderer,
  ) {
    if (!isSchemaInput(schema)) {
      throw new TypeError('outputSchema must be a zod schema (or any Standard Schema) or a JSON Schema object.');
    }
    this.schema = schema;
    this.jsonSchema = toToolSchema(schema).jsonSchema('input');
  }

  /** The system prompt's section that says what the final answer must be. */
  section(): string {
    return renderPrompt(this.templates.outputSchemaSection, { schema: this.render(this.jsonSchema) });
  }

  async check(answer: unknown): Promise<OutputCheck> {
    const result = await toToolSchema(this.schema).validate(answer);
    if (result.ok) return { ok: true, value: result.value };
    const problems = formatIssues(result.issues, toolMessages.answerLabel);
    return { ok: false, problems, message: renderPrompt(this.templates.invalidFinalAnswer, { problems, schema: this.render(this.jsonSchema) }) };
  }
}

/**
 * The answer asked for from memory when the steps ran out, as JSON: the reply may wrap it in a code
 * fence or in a sentence, so the outermost JSON value in it is taken.
 */
export function parseJsonAnswer(reply: string): { ok: true; value: unknown } | { ok: false } {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)```/.exec(reply)?.[1];
  const candidates = [fenced, reply, sliceBetween(reply, '{', '}'), sliceBetween(reply, '[', ']')];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    try {
      return { ok: true, value: JSON.parse(candidate.trim()) };
    } catch {
      // try the next reading
    }
  }
  return { ok: false };
}

function sliceBetween(text: string, open: string, close: string): string | undefined {
  const start = text.indexOf(open);
  const end = text.lastIndexOf(close);
  return start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
}
