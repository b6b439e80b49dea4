import { javascriptCodeAgentPrompts } from '../prompts/code-agent-javascript.js';
import { pythonCodeAgentPrompts } from '../prompts/code-agent-python.js';
import { toolCallingAgentPrompts } from '../prompts/tool-calling-agent.js';
import type { AgentPromptTemplates } from '../prompts/types.js';
import type { AgentClassName } from './manifest.js';
import { SharedFolderError } from './sharing-errors.js';

type Overrides = Record<string, string | Record<string, string>>;

/** The default templates of an agent type (a code agent's follow its executor's language). */
export function defaultPrompts(className: AgentClassName, language: 'javascript' | 'python'): AgentPromptTemplates {
  if (className === 'ToolCallingAgent') return toolCallingAgentPrompts;
  return language === 'python' ? pythonCodeAgentPrompts : javascriptCodeAgentPrompts;
}

/**
 * The templates an agent uses that differ from its type's defaults, key by key inside groups. Only
 * these are saved, so an agent loaded by a later version gets that version's improved defaults for
 * everything its author did not change.
 */
export function promptOverrides(actual: AgentPromptTemplates, defaults: AgentPromptTemplates): Overrides {
  const overrides: Overrides = {};
  for (const [key, value] of Object.entries(actual)) {
    const base = (defaults as unknown as Record<string, unknown>)[key];
    if (value === base) continue;
    if (typeof value === 'object' && value !== null) {
      const group: Record<string, string> = {};
      for (const [name, template] of Object.entries(value as Record<string, unknown>)) {
        if (template !== (base as Record<string, unknown> | undefined)?.[name]) group[name] = savable(template, `${key}.${name}`);
      }
      if (Object.keys(group).length > 0) overrides[key] = group;
    } else overrides[key] = savable(value, key);
  }
  return overrides;
}

/** Overrides read from a manifest must have the defaults' shape: a text where a text is, a group where a group is. */
export function checkPromptOverrides(overrides: Overrides, defaults: AgentPromptTemplates, location: string): void {
  const known = defaults as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    const base = known[key];
    const field = `${location}: promptTemplates.${key}`;
    if (base === undefined) throw new SharedFolderError(`${field} is not a prompt template of this agent type.`, location);
    const isGroup = typeof base === 'object' && base !== null;
    if (isGroup !== (typeof value === 'object')) throw new SharedFolderError(`${field} must be ${isGroup ? 'a group of templates' : 'a text'}.`, location);
    if (typeof value !== 'object') continue;
    for (const name of Object.keys(value)) {
      if (!Object.hasOwn(base as object, name)) throw new SharedFolderError(`${field}.${name} is not a prompt template of this agent type.`, location);
    }
  }
}

function savable(template: unknown, key: string): string {
  if (typeof template === 'string') return template;
  throw new SharedFolderError(`The prompt template '${key}' is a function, which cannot be saved: use a text template with {{placeholders}}.`);
}
