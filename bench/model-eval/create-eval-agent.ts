/** The three agent types the evaluation compares, each as a user of the library would build it. */
import { CodeAgent, PyodideExecutor, ToolCallingAgent, type Model, type MultiStepAgent, type Tool } from '../../src/index.js';

export const EVAL_AGENT_KINDS = ['js', 'python', 'tool-calling'] as const;
export type EvalAgentKind = (typeof EVAL_AGENT_KINDS)[number];

/** What each kind is, for the results' headings. */
export const EVAL_AGENT_LABELS: Record<EvalAgentKind, string> = {
  js: 'CodeAgent, JavaScript (QuickJS)',
  python: 'CodeAgent, Python (PyodideExecutor)',
  'tool-calling': 'ToolCallingAgent',
};

export function createEvalAgent(kind: EvalAgentKind, options: { model: Model; tools: Tool[]; maxSteps: number }): MultiStepAgent {
  switch (kind) {
    case 'js':
      return new CodeAgent(options);
    case 'python':
      return new CodeAgent({ ...options, executor: new PyodideExecutor() });
    case 'tool-calling':
      return new ToolCallingAgent(options);
  }
}
