// Builds the example agent and saves it to examples/trip-helper/ (the folder committed beside this
// file): node --import tsx examples/build-trip-helper.ts
import { fileURLToPath } from 'node:url';
import { CodeAgent, InferenceClientModel, tool, WebSearchTool } from '../src/index.js';
import { convertDistance } from './trip-tools.js';

/** An inline tool: it reads nothing from around it, so it is saved as generated plain JavaScript. */
const daysBetween = tool({
  name: 'days_between',
  description: 'Counts the days from one ISO date (YYYY-MM-DD) to another.',
  inputSchema: {
    type: 'object',
    properties: { start: { type: 'string', description: 'First day, e.g. 2025-07-01' }, end: { type: 'string', description: 'Last day' } },
    required: ['start', 'end'],
  },
  outputType: 'integer',
  execute: ({ start, end }: { start: string; end: string }) => Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000),
});

export function buildTripHelper(): CodeAgent {
  return new CodeAgent({
    model: new InferenceClientModel({ modelId: 'Qwen/Qwen2.5-Coder-32B-Instruct' }),
    tools: [convertDistance, daysBetween, new WebSearchTool()],
    name: 'trip_helper',
    description: 'Plans trips: distances, dates, and facts found on the web.',
    instructions: 'Give distances in both kilometres and miles.',
    maxSteps: 8,
  });
}

export const EXAMPLE_FOLDER = fileURLToPath(new URL('./trip-helper', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const agent = buildTripHelper();
  await agent.save(EXAMPLE_FOLDER);
  console.log(`Saved ${EXAMPLE_FOLDER}`);
}
