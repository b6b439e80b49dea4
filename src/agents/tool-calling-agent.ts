import { AgentParsingError, AgentToolCallError, AgentToolExecutionError, ToolArgumentsError } from '../errors.js';
import type { ActionStep, StepError, ToolCallRecord } from '../memory/steps.js';
import type { ToolCall, ToolDefinition } from '../models/model.js';
import { renderPrompt } from '../prompts/template.js';
import { toolCallingAgentPrompts } from '../prompts/tool-calling-agent.js';
import type { ToolCallingAgentPromptTemplates } from '../prompts/types.js';
import { FINAL_ANSWER_TOOL_NAME } from '../tools/final-answer-tool.js';
import type { SchemaInput } from '../tools/schema/schema-types.js';
import { toolOutputText, type Tool } from '../tools/tool.js';
import type { LoadAgentFromHubOptions, LoadAgentOptions } from '../sharing/load-agent.js';
import type { AgentEvent } from './events.js';
import { MultiStepAgent, type MultiStepAgentOptions, type StepContext } from './multi-step-agent.js';
import type { AgentOutput } from './output-schema.js';
import { parseTextToolCalls } from './parse-tool-calls.js';

export type ToolCallingAgentOptions<OutputSchema extends SchemaInput | undefined = SchemaInput | undefined> = MultiStepAgentOptions<
  ToolCallingAgentPromptTemplates,
  OutputSchema
>;

/**
 * An agent whose actions are JSON tool calls, made through the provider's native tool calling.
 * Several calls in one reply run concurrently; each result answers its call by id.
 */
export class ToolCallingAgent<const OutputSchema extends SchemaInput | undefined = undefined> extends MultiStepAgent<
  ToolCallingAgentPromptTemplates,
  AgentOutput<OutputSchema>
> {
  constructor(options: ToolCallingAgentOptions<OutputSchema>) {
    super(options, toolCallingAgentPrompts);
  }

  /** Loads a saved ToolCallingAgent folder; its tools' code runs only as `trustRemoteCode` / `sandboxTools` allow (docs/sharing.md). */
  static async fromFolder(directory: string, options?: LoadAgentOptions): Promise<ToolCallingAgent> {
    const { loadAgentFromFolder } = await import('../sharing/load-agent.js');
    return (await loadAgentFromFolder(directory, options, 'ToolCallingAgent')) as ToolCallingAgent;
  }

  /** Loads a ToolCallingAgent pushed to the Hugging Face Hub (docs/sharing.md). */
  static async fromHub(repoId: string, options?: LoadAgentFromHubOptions): Promise<ToolCallingAgent> {
    const { loadAgentFromHub } = await import('../sharing/load-agent.js');
    return (await loadAgentFromHub(repoId, options, 'ToolCallingAgent')) as ToolCallingAgent;
  }

  protected renderTools(tools: Tool[]): string {
    return tools
      .map((tool) =>
        renderPrompt(this.promptTemplates.toolDescription, {
          name: tool.name,
          description: tool.description,
          inputs: JSON.stringify(tool.parametersSchema.properties ?? {}),
          outputType: tool.outputSchema ? JSON.stringify(tool.resultSchema) : tool.outputType,
        }),
      )
      .join('\n');
  }

  protected override toolDefinitions(): ToolDefinition[] {
    return Object.values(this.tools).map((tool) => tool.toDefinition());
  }

  protected async *executeStep(step: ActionStep, { signal, reply: recorded }: StepContext): AsyncGenerator<AgentEvent, void> {
    const tools = this.toolDefinitions();
    const messages = yield* this.modelInput({ tools }, signal);
    step.modelInputMessages = messages;
    // No stop sequences: a native tool call ends the reply by itself, and there is no text format to cut.
    const reply = recorded ?? (yield* this.generate(messages, { tools, toolChoice: 'required', signal }, step.stepNumber));
    step.modelOutputMessage = reply;
    step.modelOutput = reply.content;
    step.tokenUsage = reply.tokenUsage;

    // Models without native tool calling may still write the call as JSON in their text.
    const calls = reply.toolCalls?.length ? reply.toolCalls : parseTextToolCalls(reply.content);
    if (calls.length === 0) {
      throw new AgentParsingError(renderPrompt(this.promptTemplates.missingToolCall, { reply: reply.content }));
    }
    for (const toolCall of calls) yield { type: 'tool_call', stepNumber: step.stepNumber, toolCall };

    const results = await Promise.all(calls.map((call) => this.timedCall(call, signal)));
    const records = results.map((result) => result.record);
    step.toolCalls = records;
    for (const record of records) {
      yield {
        type: 'tool_result',
        stepNumber: step.stepNumber,
        toolCallId: record.id,
        name: record.name,
        observation: record.error ? record.error.message : (record.observation ?? ''),
        isError: record.error !== undefined,
        timing: record.timing,
      };
    }
    step.observations = records
      .map((record) => (record.error ? `${record.name}: Error: ${record.error.message}` : `${record.name}: ${record.observation}`))
      .join('\n');

    const finalCall = results.find(({ record }) => record.name === FINAL_ANSWER_TOOL_NAME && !record.error);
    if (finalCall) {
      step.isFinalAnswer = true;
      step.actionOutput = finalCall.value;
    }
  }

  private async timedCall(call: ToolCall, signal: AbortSignal | undefined): Promise<{ record: ToolCallRecord; value?: unknown }> {
    const startTime = Date.now();
    const result = await this.callTool(call, signal);
    const endTime = Date.now();
    result.record.timing = { startTime, endTime, duration: endTime - startTime };
    return result;
  }

  /** Runs one call; every failure becomes an error on its record, for the model to read. */
  private async callTool(call: ToolCall, signal: AbortSignal | undefined): Promise<{ record: ToolCallRecord; value?: unknown }> {
    const record: ToolCallRecord = { ...call };
    const tool = this.tools[call.name];
    if (!tool) {
      record.error = stepError(
        new AgentToolCallError(renderPrompt(this.promptTemplates.unknownTool, { name: call.name, tools: Object.keys(this.tools).join(', ') })),
      );
      return { record };
    }
    if (typeof call.arguments === 'string') {
      record.error = stepError(
        new AgentToolCallError(renderPrompt(this.promptTemplates.invalidJsonArguments, { name: call.name, arguments: call.arguments.slice(0, 500) })),
      );
      return { record };
    }
    try {
      const value = await tool.call(call.arguments, signal ? { signal } : {});
      record.observation = toolOutputText(value);
      return { record, value };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      record.error = stepError(
        error instanceof ToolArgumentsError
          ? new AgentToolCallError(message)
          : new AgentToolExecutionError(renderPrompt(this.promptTemplates.toolFailed, { name: call.name, arguments: JSON.stringify(call.arguments), message })),
      );
      return { record };
    }
  }
}

function stepError(error: Error): StepError {
  return { type: error.name, message: error.message };
}
