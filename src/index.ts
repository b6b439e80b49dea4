// The public API of smolagents-ts. Heavy integrations (Pyodide, Docker, E2B, provider SDKs,
// transformers.js) are exported as classes whose dependencies load on first use.

// Agents
export { MultiStepAgent, type MultiStepAgentOptions, type StepCallback } from './agents/multi-step-agent.js';

// The web agent (Chromium through playwright-core, loaded on first use)
export { WebAgent, createWebAgent, type WebAgentOptions } from './browser/web-agent.js';
export { BROWSER_TOOL_NAMES, BrowserActionError, CHROMIUM_FLAGS, type BrowserSessionOptions, type PageState } from './browser/browser-options.js';
export { BrowserNotFoundError, findChromium, CHROMIUM_CANDIDATES } from './browser/find-chromium.js';
export { OriginPolicy, type OriginPolicyOptions } from './browser/origin-policy.js';
export { CodeAgent, type CodeAgentOptions } from './agents/code-agent.js';
export { ToolCallingAgent, type ToolCallingAgentOptions } from './agents/tool-calling-agent.js';
export type { AgentEvent, AgentEventType } from './agents/events.js';
export type { RunOptions, RunResult } from './agents/run-result.js';
export type { FinalAnswerCheck } from './agents/final-answer-checks.js';
export type { AgentOutput } from './agents/output-schema.js';
export { ManagedAgentTool, type ManageableAgent } from './agents/managed-agent-tool.js';
export { parseCodeAction } from './agents/parse-code.js';

// Memory
export { AgentMemory, MEMORY_SCHEMA_VERSION, type SerializedMemory } from './memory/agent-memory.js';
export type { ActionStep, CompactionStep, FinalAnswerStep, MemoryStep, PlanningStep, StepError, TaskStep, Timing, ToolCallRecord } from './memory/steps.js';
export { MemoryBudget, COMPACT_AT, COMPACT_TO, type MemoryRequest } from './memory/memory-budget.js';
export { countRequestTokens, tokenCounterFor, type TokenCounter } from './memory/token-counter.js';
export { estimateTokens } from './memory/token-estimate.js';
export { estimateImageTokens } from './memory/image-tokens.js';

// Models
export type {
  ChatMessage,
  ChatMessageStreamDelta,
  ContentPart,
  GenerateOptions,
  ImagePart,
  JsonSchema,
  MessageContent,
  MessageRole,
  Model,
  ModelReply,
  TextPart,
  ResponseFormat,
  TokenUsage,
  ToolCall,
  ToolCallDelta,
  ToolDefinition,
} from './models/model.js';
export { StreamAccumulator, applyStopSequences, parseToolArguments } from './models/stream.js';
export { toImagePart, imageUrl, IMAGE_MEDIA_TYPES, type ImageInput, type ImageMediaType } from './models/images.js';
export { contentText, contentImages, withImages } from './models/message-content.js';
export { withRetry, type RetryOptions } from './models/retry.js';
export { ScriptedModel, type ScriptedReply } from './models/scripted-model.js';
export {
  OpenAIClientModel,
  OpenAIServerModel,
  type ModelRetryOptions,
  type OpenAIClientModelOptions,
  type OpenAIServerModelOptions,
} from './models/openai-server-model.js';
export { AzureOpenAIServerModel, type AzureOpenAIServerModelOptions } from './models/azure-openai-server-model.js';
export { InferenceClientModel, DEFAULT_INFERENCE_CLIENT_MODEL_ID, type InferenceClientModelOptions } from './models/inference-client-model.js';
export { AISDKModel, type AISDKModelOptions, type AISDKCallSettings } from './models/ai-sdk-model.js';
export { AmazonBedrockServerModel, type AmazonBedrockServerModelOptions } from './models/amazon-bedrock-server-model.js';
export { TransformersModel, type TransformersModelOptions } from './models/transformers-model.js';
export { parseToolCallsFromText } from './models/text-tool-calls.js';
export { StopSequenceCutter, supportsStopParameter } from './models/stop-sequences.js';
export { streamWithRetry } from './models/stream-retry.js';

// Tools
export {
  Tool,
  tool,
  TOOL_OUTPUT_TYPES,
  type ToolConfig,
  type ToolContext,
  type ToolInputSchema,
  type ToolOutputType,
  type ToolOutputTypeValues,
  type ToolResult,
  type ToolResultConstraint,
} from './tools/tool.js';
export type { FromJsonSchema, InferSchemaInput, InferSchemaOutput, SchemaInput } from './tools/schema/schema-types.js';
export type { StandardSchemaV1, StandardSchemaIssue, StandardJsonSchemaConverter } from './tools/schema/standard-schema.js';
export { validateJsonSchema, type SchemaIssue, type ValidationResult } from './tools/schema/json-schema-validator.js';
export { FinalAnswerTool } from './tools/final-answer-tool.js';
export { renderTypeScriptToolSignature } from './tools/render-typescript.js';
export { renderPythonToolSignature } from './tools/render-python.js';
export {
  WebSearchTool,
  DuckDuckGoSearchTool,
  parseDuckDuckGoResults,
  formatSearchResults,
  type WebSearchToolOptions,
  type SearchResult,
} from './tools/web-search-tool.js';
export { VisitWebpageTool, type VisitWebpageToolOptions } from './tools/visit-webpage-tool.js';
export { WikipediaSearchTool, type WikipediaSearchToolOptions } from './tools/wikipedia-search-tool.js';
export { UserInputTool, UserInputClosedError, LineReader, lineReaderFor, type UserInputToolOptions } from './tools/user-input-tool.js';
export { JsInterpreterTool, type JsInterpreterToolOptions } from './tools/js-interpreter-tool.js';
export { createDefaultTool, defaultToolNames, isDefaultToolName, type DefaultToolName, type DefaultToolOptions } from './tools/default-tools.js';
export { ToolHttpError, type HttpFailureKind, type FetchFunction } from './tools/http-fetch.js';
export { McpTool, ToolCollection, type McpHttpServer, type McpServer, type McpStdioServer } from './tools/mcp-tool-collection.js';

// Executors
export type { CodeExecutor, CodeLanguage, ExecuteOptions, ExecutionResult } from './executors/executor.js';
export { LocalJsExecutor, type LocalJsExecutorOptions } from './executors/quickjs/local-js-executor.js';
export { PyodideExecutor, type PyodideExecutorOptions } from './executors/pyodide/pyodide-executor.js';
export { DockerExecutor, type DockerExecutorOptions } from './executors/docker/docker-executor.js';
export { E2BExecutor, type E2BExecutorOptions, type E2BSandbox } from './executors/e2b/e2b-executor.js';

// Prompts
export { javascriptCodeAgentPrompts } from './prompts/code-agent-javascript.js';
export { pythonCodeAgentPrompts, pythonExecutorMessages } from './prompts/code-agent-python.js';
export { defaultToolPrompts } from './prompts/default-tools.js';
export { executorMessages } from './prompts/executor-messages.js';
export { toolMessages } from './prompts/tool-messages.js';
export { toolCallingAgentPrompts } from './prompts/tool-calling-agent.js';
export { memoryPromptTemplates } from './prompts/memory.js';
export { webAgentPrompts, type WebAgentPrompts, type WebAgentPromptOverrides } from './prompts/web-agent.js';
export { imageMessages } from './prompts/image-messages.js';
export { renderPrompt, type PromptTemplate } from './prompts/template.js';
export type { AgentPromptTemplates, CodeAgentPromptTemplates, MemoryPromptTemplates, ToolCallingAgentPromptTemplates } from './prompts/types.js';

// Telemetry: the logger the CLI uses to render events, usable with agent.stream()
export { AgentLogger, formatAnswer, type AgentLoggerOptions, type LogLevel, type LogOutput } from './telemetry/logger.js';
export { highlightCode } from './telemetry/highlight.js';
export { createColors, shouldUseColor, type Colors } from './telemetry/colors.js';

// Errors
export {
  AgentAbortedError,
  AgentError,
  AgentExecutionError,
  AgentGenerationError,
  AgentMaxStepsError,
  AgentParsingError,
  AgentToolCallError,
  AgentToolExecutionError,
  CodeExecutionError,
  MissingDependencyError,
  ModelError,
  ToolArgumentsError,
  ToolResultError,
} from './errors.js';
export { importOptional, isInstalled, assertInstalled } from './optional-dependency.js';
