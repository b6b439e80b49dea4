/**
 * A worked example in a code agent's system prompt: a task, the example's own tools, and the run
 * as the model lives it (its replies, and what it reads back after each). The observations are
 * exactly what the agent sends after running the code: test/prompts/code-agent-examples.test.ts runs
 * every example through the real executors and compares.
 */
export interface CodeAgentExample {
  /** What the example shows, as its heading. */
  title: string;
  task: string;
  /** The example's tools, declared the way the agent declares tools (the test renders them to compare). */
  tools: string;
  steps: CodeAgentExampleStep[];
}

export interface CodeAgentExampleStep {
  /** The prose before the code block. */
  reply: string;
  code: string;
  /** The user message that comes back after the code ran; none after the step that gives the answer. */
  observation?: string;
}

export interface ExampleFences {
  /** The fence tag of the example tools' declarations and of the code. */
  tools: string;
  code: string;
}

export function renderCodeAgentExamples(examples: readonly CodeAgentExample[], fences: ExampleFences): string {
  return examples
    .map((example, index) => {
      const steps = example.steps.map((step) => {
        const reply = `Reply:\n${step.reply}\n\`\`\`${fences.code}\n${step.code}\n\`\`\``;
        return step.observation === undefined ? reply : `${reply}\n${step.observation}`;
      });
      const head = [`### Example ${index + 1}: ${example.title}`, `Task: ${example.task}`, `Tools of this example:\n\`\`\`${fences.tools}\n${example.tools}\n\`\`\``];
      return `${head.join('\n')}\n${steps.join('\n\n')}`;
    })
    .join('\n\n');
}
