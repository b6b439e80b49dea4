import type { PromptTemplate } from './template.js';

/** What the system prompt of an agent is rendered from. */
export interface SystemPromptContext {
  /** The tools, rendered for this agent type (signatures or JSON Schema). */
  tools: string;
  /** The managed agents, rendered as callable team members; empty when there are none. */
  managedAgents: string;
  /** Modules the code may import; empty when none. */
  authorizedImports: string;
  /** The user's extra instructions; empty when none. */
  instructions: string;
  /** The shape the final answer must have (the agent's `outputSchema`), rendered; empty when none. */
  outputSchema: string;
}

export interface PlanningContext {
  task: string;
  tools: string;
  managedAgents: string;
  remainingSteps: number;
}

export interface ManagedAgentContext {
  name: string;
  task: string;
  finalAnswer: string;
}

/** What the model reads when memory is compacted to stay within `maxTokensMemory`. */
export interface MemoryPromptTemplates {
  /** The instructions of the compaction call; `maxWords` bounds the summary. */
  summarySystem: PromptTemplate<{ maxWords: number }>;
  /** The compaction call's user message: the task, the earlier summary section (or ''), the steps as text. */
  summaryRequest: PromptTemplate<{ task: string; previousSummary: string; steps: string }>;
  previousSummarySection: PromptTemplate<{ summary: string }>;
  /** One message of the steps being folded; `role` is user, assistant or tool. */
  transcriptMessage: PromptTemplate<{ role: string; content: string }>;
  transcriptToolCall: PromptTemplate<{ name: string; arguments: string }>;
  /** The summary where the folded steps were, in what the model is sent. */
  summaryInMemory: PromptTemplate<{ summary: string }>;
  /** Replaces the cut middle of a shortened observation. */
  shortened: PromptTemplate<{ count: number }>;
}

/** The templates that drive the loop. Every string the model reads comes from one of these. */
export interface AgentPromptTemplates {
  systemPrompt: PromptTemplate<SystemPromptContext>;
  /** Optional sections spliced into the system prompt when they have content. */
  managedAgentsSection: PromptTemplate<{ agents: string }>;
  authorizedImportsSection: PromptTemplate<{ imports: string }>;
  instructionsSection: PromptTemplate<{ instructions: string }>;
  /** Says what the final answer must look like; `schema` is rendered for the agent's language (a TypeScript type, a Python description, a JSON Schema). */
  outputSchemaSection: PromptTemplate<{ schema: string }>;
  /** The error observation for a final answer that does not match the output schema; the run goes on. */
  invalidFinalAnswer: PromptTemplate<{ problems: string; schema: string }>;
  /** The user message that opens a task. */
  task: PromptTemplate<{ task: string }>;
  /** Appended to the task when the run gets additional arguments. */
  additionalArgs: PromptTemplate<{ args: string }>;
  /** What an action's result reads as (code agents: a user message; tool calling: a tool message's content). */
  observation: PromptTemplate<{ observation: string }>;
  /** What an error reads as; after a failed code step it follows the observation (what was printed) in the same message. */
  error: PromptTemplate<{ error: string }>;
  /** Marks an observation cut short because it was too long. */
  truncated: PromptTemplate<{ count: number }>;
  planning: {
    initialPlan: PromptTemplate<PlanningContext>;
    updatePlanPre: PromptTemplate<PlanningContext>;
    updatePlanPost: PromptTemplate<PlanningContext>;
    /** How a plan reads in memory (an assistant message). */
    planInMemory: PromptTemplate<{ plan: string }>;
    /** The user message after a plan in memory, so that the next reply is an action and roles alternate. */
    followPlan: PromptTemplate<Record<string, never>>;
  };
  managedAgent: {
    /** The task given to a managed agent by its manager. */
    task: PromptTemplate<ManagedAgentContext>;
    /** What the manager reads back. */
    report: PromptTemplate<ManagedAgentContext>;
  };
  finalAnswer: {
    /** When max steps is reached: the system message, then the memory, then `post`. */
    pre: PromptTemplate<{ task: string }>;
    /** `outputSchema` is `outputSchemaPost` filled in when the agent has an output schema, else ''. */
    post: PromptTemplate<{ task: string; outputSchema: string }>;
    /** Asks for the answer as JSON of the output schema (the reply is parsed and checked). */
    outputSchemaPost: PromptTemplate<{ schema: string }>;
    /** The error of the step that answered from memory (read again by a follow-up run with `reset: false`). */
    maxStepsReached: PromptTemplate<{ maxSteps: number }>;
    /** Ends the run when the answer from memory does not match the output schema; `problems` is what is wrong, or `answerNotJson`. */
    answerDoesNotMatch: PromptTemplate<{ maxStepsReached: string; problems: string }>;
    answerNotJson: PromptTemplate<Record<string, never>>;
    /** A `finalAnswerChecks` check refused the answer; `reason` is the check's string, or ''. The model reads it and the run goes on. */
    checkRejected: PromptTemplate<{ check: string; reason: string }>;
    /** A check threw. */
    checkFailed: PromptTemplate<{ check: string; message: string }>;
  };
  memory: MemoryPromptTemplates;
}

/** The code agent adds the hints it shows when a reply has no code, and how results read. */
export interface CodeAgentPromptTemplates extends AgentPromptTemplates {
  /** The error shown when the reply has no code block. */
  missingCode: PromptTemplate<{ reply: string }>;
  /** Follows what the code printed when its last expression has a value (not undefined in JavaScript, not None in Python). */
  lastValue: PromptTemplate<{ value: string }>;
  /** The observation of code that printed nothing and ended on no value. */
  nothingPrinted: PromptTemplate<Record<string, never>>;
  /** Follows what the code printed when it called final_answer: read when the answer is refused, and by follow-up tasks. */
  answerGiven: PromptTemplate<{ value: string }>;
  /** An execution error; `line` is `executionErrorLine` filled in, or '' when the line is not known. */
  executionError: PromptTemplate<{ errorType: string; message: string; line: string }>;
  executionErrorLine: PromptTemplate<{ line: number }>;
}

/** The tool-calling agent adds the hint it shows when a reply calls no tool. */
export interface ToolCallingAgentPromptTemplates extends AgentPromptTemplates {
  missingToolCall: PromptTemplate<{ reply: string }>;
  /** One tool in the system prompt's list; `inputs` is the JSON Schema of its parameters. */
  toolDescription: PromptTemplate<{ name: string; description: string; inputs: string; outputType: string }>;
  unknownTool: PromptTemplate<{ name: string; tools: string }>;
  /** A call whose arguments the provider sent as text that is not JSON. */
  invalidJsonArguments: PromptTemplate<{ name: string; arguments: string }>;
  /** A tool that threw; `arguments` is the call's arguments as JSON. */
  toolFailed: PromptTemplate<{ name: string; arguments: string; message: string }>;
}
