import { memoryPromptTemplates } from './memory.js';
import type { AgentPromptTemplates, CodeAgentPromptTemplates } from './types.js';

/**
 * The parts of the prompt that every agent type shares: sections, task framing, planning,
 * managed agents and the last-resort final answer. Agent-specific prompts spread this in.
 */
export const sharedPromptTemplates: Omit<AgentPromptTemplates, 'systemPrompt'> = {
  managedAgentsSection: `## Team members
You can hand part of the work to these agents. Call one like a tool, with a \`task\` string: it sees nothing of your task or your work but what that string says, so write out everything it needs (names, figures, the form you want the result in). Its reply is its final answer, as text.
{{agents}}`,

  authorizedImportsSection: `Modules your code may import: {{imports}}.`,

  instructionsSection: `## Instructions from the user
{{instructions}}`,

  outputSchemaSection: `## The shape of the final answer
final_answer must get a value of this type, itself (not a string that describes it or holds it as JSON):
{{schema}}`,

  invalidFinalAnswer: `The final answer was refused, and the task goes on: it does not have the required shape ({{problems}}). Call final_answer again with a value of this type:
{{schema}}`,

  task: `Task:
{{task}}`,

  additionalArgs: `Values given with the task, defined in your code as variables of these names:
{{args}}`,

  observation: `Observation:
{{observation}}`,

  error: `Error:
{{error}}`,

  truncated: `
[… {{count}} more characters not shown: print a part, a count or a summary instead]`,

  planning: {
    initialPlan: `Before working on the task below, write down what you know and a plan.

First the facts: what the task itself gives, what has to be looked up (and with which tool), and what has to be worked out from those.
Then the plan: a short numbered list of steps that the tools make possible and that end with the final answer. Say what each step finds or computes, not how to call the tools. Write <end_plan> after the last step, and nothing after it.

The tools:
{{tools}}
{{managedAgents}}
The task:
{{task}}`,

    updatePlanPre: `You are revising the plan of an agent that is part way through a task. The task:
{{task}}

What the agent has done so far follows.`,

    updatePlanPost: `Revise the facts and the plan in the light of the work above: keep the steps that worked, replace those that failed, and leave out what is already done. {{remainingSteps}} steps remain. Write the facts first, then the numbered steps, then <end_plan>.

The tools:
{{tools}}
{{managedAgents}}`,

    planInMemory: `The facts and my plan:
{{plan}}`,

    followPlan: `Now carry out the plan, one step at a time.`,
  },

  managedAgent: {
    task: `You are '{{name}}', an agent working for a manager agent, who gives you this task:
{{task}}

Your final answer is all the manager will see of your work. Put everything useful in it: the findings with their figures and sources, how sure you are, and what you could not find out. If the task could not be done, say what stopped you and what you did find.`,

    report: `Answer from '{{name}}':
{{finalAnswer}}`,
  },

  finalAnswer: {
    pre: `An agent ran out of steps before it gave an answer to its task. Its work so far follows. Your job is to give the answer from that work alone.`,
    post: `From the work above, answer this task:
{{task}}

If the work does not settle it, give the best answer it supports and say what is missing.{{outputSchema}}`,
    outputSchemaPost: `

Reply with nothing but the answer, as JSON that matches this JSON Schema:
{{schema}}`,

    maxStepsReached: `Reached the maximum number of steps ({{maxSteps}}).`,

    answerDoesNotMatch: `{{maxStepsReached}} The answer asked for from memory does not match the output schema: {{problems}}.`,

    answerNotJson: `the reply is not JSON`,

    checkRejected: `The final answer was refused by the check '{{check}}', and the task goes on. {{reason}}`,

    checkFailed: `The check '{{check}}' of the final answer failed with an error, and the task goes on: {{message}}`,
  },

  memory: memoryPromptTemplates,
};

/**
 * The parameters a manager sees on a team member (ManagedAgentTool). Plain strings rather than
 * overridable templates: they are descriptions in the tool's input schema, fixed when it is defined.
 */
export const managedAgentToolParameters = {
  task: 'What the team member should do, with every name, figure and constraint it needs: it sees nothing else.',
  additionalArgs: 'Data to hand over with the task, by name (a code agent gets them as variables).',
} as const;

/** What a code agent shows the model after running its code, whatever the language. */
export const sharedCodeAgentTemplates: Pick<CodeAgentPromptTemplates, 'lastValue' | 'nothingPrinted' | 'answerGiven' | 'executionError' | 'executionErrorLine'> = {
  lastValue: `Value of the last expression:
{{value}}`,

  nothingPrinted: `(The code printed nothing.)`,

  answerGiven: `The code called final_answer with:
{{value}}`,

  executionError: `Code execution failed{{line}} due to: {{errorType}}: {{message}}`,

  executionErrorLine: ` at line {{line}}`,
};
