import type { AgentPromptTemplates } from '../prompts/types.js';
import { SharedFolderError } from './sharing-errors.js';

type Overrides = Record<string, string | Record<string, string>>;

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

function savable(template: unknown, key: string): string {
  if (typeof template === 'string') return template;
  throw new SharedFolderError(`The prompt template '${key}' is a function, which cannot be saved: use a text template with {{placeholders}}.`);
}
