import type { AgentManifest, ToolEntry } from './manifest.js';
import { parseModule } from './module-source.js';
import { sandboxObstacle } from './plain-module.js';

/** What the README says about one tool. */
export interface ToolSummary {
  entry: ToolEntry;
  description: string;
  /** The module's source, for code tools. */
  source?: string | undefined;
}

const FRONT_MATTER = ['---', 'library_name: smolagents-ts', 'tags:', '- smolagents-ts'];

/**
 * The README of a saved agent: the Hub shows it as the repository's page. It says what the agent
 * is, where each tool's code runs, and how to load it. Written fresh on every save and push.
 */
export function agentReadme(manifest: AgentManifest, tools: readonly ToolSummary[], repoId: string | undefined): string {
  const load = repoId ? `${manifest.class}.fromHub('${repoId}', { sandboxTools: true })` : `${manifest.class}.fromFolder('path/to/this/folder', { sandboxTools: true })`;
  const managed = manifest.managedAgents.map(({ name, folder }) => `- \`${name}\`, saved in \`${folder}/\``);
  const executor = manifest.executor ? `; its code ran in the ${manifest.executor.kind} executor (${manifest.executor.class})` : '';
  return [
    ...FRONT_MATTER,
    '- agent',
    '---',
    '',
    `# ${manifest.name}`,
    '',
    ...(manifest.description ? [manifest.description, ''] : []),
    `A \`${manifest.class}\` saved by ${manifest.savedBy} (folder format ${manifest.formatVersion}). It was made with the model ` +
      `\`${manifest.model.class}\` \`${manifest.model.modelId}\`${executor}.`,
    '',
    ...toolTable(tools),
    ...(managed.length > 0 ? ['## Managed agents', '', ...managed, ''] : []),
    '## Use it',
    '',
    '```ts',
    `import { ${manifest.class} } from 'smolagents-ts';`,
    '',
    `const agent = await ${load};`,
    "console.log(await agent.run('Your task'));",
    '```',
    '',
    repoId
      ? `From the command line: \`smolagent --from-hub ${repoId} "Your task"\`.`
      : 'From the command line: `smolagent --from-folder path/to/this/folder "Your task"`.',
    '',
    ...FORMAT_NOTE,
  ].join('\n');
}

/** The README of a single shared tool. */
export function toolReadme(summary: ToolSummary, savedBy: string, repoId: string | undefined): string {
  const load = repoId ? `Tool.fromHub('${repoId}', { sandboxed: true })` : `loadToolFromFolder('path/to/this/folder', { sandboxed: true })`;
  const imported = repoId ? 'Tool' : 'loadToolFromFolder';
  return [
    ...FRONT_MATTER,
    '- tool',
    '---',
    '',
    `# ${summary.entry.name}`,
    '',
    summary.description,
    '',
    `A tool saved by ${savedBy}. ${whereItRuns(summary)}`,
    '',
    '```ts',
    `import { ${imported} } from 'smolagents-ts';`,
    '',
    `const tool = await ${load};`,
    '```',
    '',
    ...FORMAT_NOTE,
  ].join('\n');
}

const FORMAT_NOTE = [
  '`agent.json` (or `tool.json`) describes what was saved, and each tool is an ES module of its own; the format is',
  "explained in smolagents-ts' docs/sharing.md. Code from a repository runs in your process only if you pass",
  '`trustRemoteCode: true`; plain-JavaScript tools can instead run in the QuickJS sandbox.',
  '',
];

function toolTable(tools: readonly ToolSummary[]): string[] {
  if (tools.length === 0) return [];
  return [
    '## Tools',
    '',
    '| Tool | Description | Where its code runs |',
    '|---|---|---|',
    ...tools.map((tool) => `| \`${tool.entry.name}\` | ${cell(tool.description)} | ${cell(whereItRuns(tool))} |`),
    '',
  ];
}

function whereItRuns(tool: ToolSummary): string {
  if ('builtin' in tool.entry) return 'Built into smolagents-ts.';
  let obstacle: string | undefined;
  try {
    obstacle = sandboxObstacle(parseModule(tool.source ?? '', tool.entry.module));
  } catch (error) {
    obstacle = (error as Error).message;
  }
  return obstacle
    ? `Only in your process (\`trustRemoteCode: true\`): ${obstacle}.`
    : 'Plain JavaScript: in the QuickJS sandbox, or in your process with `trustRemoteCode: true`.';
}

function cell(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}
