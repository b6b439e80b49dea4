// The public API of smolagents-ts. Heavy integrations (Pyodide, Docker, E2B, provider SDKs,
// transformers.js, playwright-core) are exported as classes whose dependencies load on first use.

// Agents
export { MultiStepAgent, type MultiStepAgentOptions, type StepCallback } from './agents/multi-step-agent.js';
export { CodeAgent, type CodeAgentOptions } from './agents/code-agent.js';
export { ToolCallingAgent, type ToolCallingAgentOptions } from './agents/tool-calling-agent.js';
export type { AgentEvent, AgentEventType } from './agents/events.js';
export type { RunOptions, RunResult } from './agents/run-result.js';
export type { FinalAnswerCheck } from './agents/final-answer-checks.js';
export type { AgentOutput } from './agents/output-schema.js';
export { ManagedAgentTool, type ManageableAgent } from './agents/managed-agent-tool.js';
export { RunNotFinishedError, type ObservedRun, type RunContext, type RunObserver, type RunOutcome } from './agents/run-observer.js';
export { parseCodeAction } from './agents/parse-code.js';

// The web agent (Chromium through playwright-core, loaded on first use)
export { WebAgent, createWebAgent, type WebAgentOptions } from './browser/web-agent.js';
export { BROWSER_TOOL_NAMES, BrowserActionError, CHROMIUM_FLAGS, type BrowserSessionOptions, type PageState } from './browser/browser-options.js';
export { BrowserNotFoundError, findChromium, CHROMIUM_CANDIDATES } from './browser/find-chromium.js';
export { OriginPolicy, type OriginPolicyOptions } from './browser/origin-policy.js';

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
export { InferenceClientModel, DEFAULT_INFERENCE_CLIENT_MODEL_ID, type InferenceClientModelOptions, type InferenceProviderName } from './models/inference-client-model.js';
export { AISDKModel, type AISDKModelOptions, type AISDKCallSettings, type AISDKLanguageModel } from './models/ai-sdk-model.js';
export { AmazonBedrockServerModel, type AmazonBedrockServerModelOptions, type AwsCredentials, type BedrockClientLike, type BedrockInferenceConfig } from './models/amazon-bedrock-server-model.js';
export { TransformersModel, type TransformersModelOptions, type TransformersDevice, type TransformersDtype } from './models/transformers-model.js';
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
// `PythonCodeTool` is the name the smolagents guide uses (docs/tools.md).
export { PythonInterpreterTool, PythonInterpreterTool as PythonCodeTool, type PythonInterpreterToolOptions } from './tools/python-interpreter-tool.js';
export { createDefaultTool, defaultToolNames, isDefaultToolName, type DefaultToolName, type DefaultToolOptions } from './tools/default-tools.js';
export { ToolHttpError, type HttpFailureKind, type FetchFunction } from './tools/http-fetch.js';
export { McpTool, ToolCollection, type McpHttpServer, type McpServer, type McpStdioServer } from './tools/mcp-tool-collection.js';

// Durable runs: checkpoints, resume by replay, approvals, BullMQ workers (docs/durable-runs.md)
export type { CheckpointStore } from './durable/checkpoint-store.js';
export { FileCheckpointStore } from './durable/file-checkpoint-store.js';
export { RedisCheckpointStore, type RedisCheckpointStoreOptions } from './durable/redis-checkpoint-store.js';
export type { RedisConnection } from './durable/redis-connection.js';
export { DurableRunError, ReplayDivergenceError, ApprovalRequiredError } from './durable/durable-errors.js';
export {
  RUN_STATE_VERSION,
  type RunState,
  type ToolCallEntry,
  type PendingApproval,
  type ApprovalDecision,
  type DurableOutcome,
  type ResumeSource,
  type ResumeOptions,
} from './durable/run-state.js';
export { createWorker, type CreateWorkerOptions, type DurableWorker, type RunJobData, type RunJobResult } from './durable/worker.js';
export { submitRun, decideRun, type SubmitRunOptions, type DecideRunOptions, type SubmittedRun } from './durable/submit-run.js';
export type { JobEvent } from './durable/job-events.js';

// Sharing: saved folders and the Hugging Face Hub (docs/sharing.md)
export { loadTool } from './tools/load-tool.js';
export { saveAgent, pushAgentToHub } from './sharing/share-agent.js';
export { loadAgentFromFolder, loadAgentFromHub, type LoadAgentOptions, type LoadAgentFromHubOptions } from './sharing/load-agent.js';
export { saveTool, pushToolToHub, loadToolFromFolder, loadToolFromHub, type LoadToolOptions, type LoadToolFromHubOptions } from './sharing/share-tool.js';
export { SandboxedTool, type SandboxedToolSource, type ToolSandboxOptions } from './sharing/sandboxed-tool.js';
export type { CodeTrustOptions } from './sharing/load-tools.js';
export type { HubOptions } from './sharing/hub-client.js';
export type { HubFolderOptions } from './sharing/folder-source.js';
export type { PushToHubOptions, PushResult } from './sharing/hub-push.js';
export { FORMAT_VERSION, type AgentManifest, type ToolManifest, type ToolEntry, type ModelDescriptor, type ExecutorDescriptor } from './sharing/manifest.js';
export { SharedFolderError, ToolSerializationError, UntrustedCodeError, HubError, type HubFailure } from './sharing/sharing-errors.js';

// Executors
export type { CodeExecutor, CodeLanguage, ExecuteOptions, ExecutionResult } from './executors/executor.js';
export { LocalJsExecutor, type LocalJsExecutorOptions } from './executors/quickjs/local-js-executor.js';
export { SandboxPool, type SandboxPoolOptions } from './executors/quickjs/sandbox-pool.js';
export { PyodideExecutor, type PyodideExecutorOptions } from './executors/pyodide/pyodide-executor.js';
export { DockerExecutor, type DockerExecutorOptions } from './executors/docker/docker-executor.js';
export { E2BExecutor, type E2BExecutorOptions, type E2BSandbox } from './executors/e2b/e2b-executor.js';
export type { PythonExecutionResult } from './executors/pyodide/runner-host.js';
// The names the smolagents guide uses, as aliases of the same classes (docs/executors.md).
export { PyodideExecutor as SecurePythonInterpreter } from './executors/pyodide/pyodide-executor.js';
export { E2BExecutor as E2BCodeExecutor } from './executors/e2b/e2b-executor.js';
export { DockerExecutor as DockerCodeExecutor } from './executors/docker/docker-executor.js';

// Prompts
export { javascriptCodeAgentExamples, javascriptCodeAgentPrompts } from './prompts/code-agent-javascript.js';
export { pythonCodeAgentExamples, pythonCodeAgentPrompts, pythonExecutorMessages } from './prompts/code-agent-python.js';
export { renderCodeAgentExamples, type CodeAgentExample, type CodeAgentExampleStep } from './prompts/code-agent-examples.js';
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
export { OpenTelemetryObserver, type OpenTelemetryObserverOptions } from './telemetry/open-telemetry-observer.js';
export { RunRecorder } from './telemetry/run-recorder.js';
export {
  READABLE_RUN_RECORD_VERSIONS,
  RUN_RECORD_FORMAT,
  RUN_RECORD_VERSION,
  RunRecordError,
  type RecordedContentPart,
  type RecordedImage,
  type RecordedMessage,
  type RecordLine,
} from './telemetry/run-record.js';
export { readRunRecord, parseRunRecord, type RecordedRun } from './telemetry/read-run-record.js';
export { replayRuns } from './telemetry/replay-run-record.js';

// Web UI
export { serveAgentUi, AgentUiError, type AgentFactory, type AgentUiOptions, type AgentUiServer } from './cli/ui/serve-agent-ui.js';
export type { UploadedFile } from './cli/ui/uploads.js';

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
