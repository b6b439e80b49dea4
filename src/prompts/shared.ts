import { memoryPromptTemplates } from './memory.js';
import type { AgentPromptTemplates, CodeAgentPromptTemplates } from './types.js';

/**
 * The parts of the prompt that every agent type shares: sections, task framing, planning,
 * managed agents and the last-resort final answer. Agent-specific prompts spread this in.
 */
export const sharedPromptTemplates: Omit<AgentPromptTemplates, 'systemPrompt'> = {
  managedAgentsSection: `You can also give tasks to team members.
Calling a team member works the same as calling a tool: the only argument is 'task', a long string explaining your task in detail. Give as much detail as needed: they know nothing of your task but what you tell them.
Here is the list of team members:
{{agents}}`,

  authorizedImportsSection: `You may import only these modules: {{imports}}.`,

  instructionsSection: `Here are additional instructions from the user, to follow:
{{instructions}}`,

  outputSchemaSection: `The final answer must have this shape, exactly: give final_answer a value of it, not a sentence about it.
{{schema}}`,

  invalidFinalAnswer: `The final answer was not accepted: it does not have the required shape ({{problems}}). The run goes on. Give final_answer a value of this shape:
{{schema}}`,

  task: `New task:
{{task}}`,

  additionalArgs: `You have been provided with these additional arguments, that you can access as variables with these names:
{{args}}`,

  observation: `Observation:
{{observation}}`,

  error: `Error:
{{error}}
Now let's retry: take care not to repeat previous errors! If you have retried several times, try a completely different approach.`,

  truncated: `
…[{{count}} more characters truncated: print less, or print a summary or a slice]`,

  planning: {
    initialPlan: `You are a world expert at analyzing a situation to derive facts, and plan accordingly towards solving a task.
Below I will present you a task. You will need to 1. build a survey of facts known or needed to solve the task, then 2. make a plan of action to solve the task.

## 1. Facts survey
List the facts given in the task, the facts to look up (and where), and the facts to derive (by computation or reasoning).

## 2. Plan
Develop a step-by-step high-level plan taking into account the inputs and list of facts above.
This plan should involve individual tasks based on the available tools, that if executed correctly will yield the correct answer.
Do not skip steps, do not add superfluous steps. Only write the high-level plan, DO NOT DETAIL INDIVIDUAL TOOL CALLS.
After writing the final step of the plan, write the '<end_plan>' tag and stop there.

You can leverage these tools:
{{tools}}
{{managedAgents}}

---
Now begin! Here is your task:
{{task}}
First write the facts survey, then the plan.`,

    updatePlanPre: `You are a world expert at analyzing a situation, and plan accordingly towards solving a task.
You have been given the following task:
{{task}}

Below you will find a history of attempts made to solve this task.
You will first have to produce a survey of known and unknown facts, then propose a step-by-step high-level plan to solve the task.
If the previous tries so far have met some success, your updated plan can build on these results.
If you are stalled, you can make a completely new plan starting from scratch.`,

    updatePlanPost: `Now write your updated facts survey below, then your new plan.

You can leverage these tools:
{{tools}}
{{managedAgents}}

Beware that you have {{remainingSteps}} steps remaining.
Do not skip steps, do not add superfluous steps. Only write the high-level plan, DO NOT DETAIL INDIVIDUAL TOOL CALLS.
After writing the final step of the plan, write the '<end_plan>' tag and stop there.`,

    planInMemory: `Here are the facts I know and the plan of action that I will follow to solve the task:
{{plan}}`,
  },

  managedAgent: {
    task: `You're a helpful agent named '{{name}}'.
You have been submitted this task by your manager.
---
Task:
{{task}}
---
You're helping your manager solve a wider task: so make sure to not provide a one-line answer, but give as much information as possible to give them a clear understanding of the answer.
Put all of this in your final answer; everything that you do not pass as an argument to final_answer will be lost.
And even if your task resolution is not successful, please return as much context as possible, so that your manager can act upon this feedback.`,

    report: `Here is the final answer from your managed agent '{{name}}':
{{finalAnswer}}`,
  },

  finalAnswer: {
    pre: `An agent tried to answer a user query but it got stuck and failed to do so. You are tasked with providing an answer instead. Here is the agent's memory:`,
    post: `Based on the above, please provide an answer to the following user task:
{{task}}{{outputSchema}}`,
    outputSchemaPost: `

Reply with the answer alone, as JSON matching this JSON Schema:
{{schema}}`,
  },

  memory: memoryPromptTemplates,
};

/**
 * The parameters a manager sees on a team member (ManagedAgentTool). Plain strings rather than
 * overridable templates: they are descriptions in the tool's input schema, fixed when it is defined.
 */
export const managedAgentToolParameters = {
  task: 'Long detailed description of the task.',
  additionalArgs: 'Extra inputs (data, values) to hand to the team member along with the task.',
} as const;

/** What a code agent shows the model after running its code, whatever the language. */
export const sharedCodeAgentTemplates: Pick<CodeAgentPromptTemplates, 'executionObservation' | 'executionError'> = {
  executionObservation: `Execution logs:
{{logs}}
Last output from code snippet:
{{output}}`,

  executionError: `Code execution failed{{line}} due to: {{errorType}}: {{message}}`,
};
