// Loads a saved agent in a fresh process and runs one task: the far side of the round-trip tests.
// Input: SMOLAGENTS_TEST_LOAD (JSON). Output: one JSON line on stdout.
import { CodeAgent, ToolCallingAgent, type MultiStepAgent } from '../../../src/index.js';

interface LoadRequest {
  class: 'CodeAgent' | 'ToolCallingAgent';
  folder?: string | undefined;
  hub?: string | undefined;
  task: string;
  trustRemoteCode?: boolean | undefined;
  sandboxTools?: boolean | undefined;
}

const request = JSON.parse(process.env.SMOLAGENTS_TEST_LOAD ?? '{}') as LoadRequest;
const Agent = request.class === 'ToolCallingAgent' ? ToolCallingAgent : CodeAgent;
const options = { trustRemoteCode: request.trustRemoteCode, sandboxTools: request.sandboxTools };
let agent: MultiStepAgent | undefined;
try {
  agent = request.hub ? await Agent.fromHub(request.hub, options) : await Agent.fromFolder(request.folder!, options);
  const output = await agent.run(request.task);
  const tools = Object.fromEntries(Object.entries(agent.tools).map(([name, tool]) => [name, tool.constructor.name || 'tool()']));
  const model = { class: agent.model.constructor.name, modelId: agent.model.modelId };
  console.log(JSON.stringify({ output, name: agent.name, maxSteps: agent.maxSteps, instructions: agent.instructions, model, tools }));
} catch (error) {
  console.log(JSON.stringify({ error: `${(error as Error).name}: ${(error as Error).message}` }));
  process.exitCode = 1;
} finally {
  await agent?.dispose();
}
