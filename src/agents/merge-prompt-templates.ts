import type { AgentPromptTemplates } from '../prompts/types.js';

/** Every template optional, and the nested groups optional key by key. */
export type PromptOverrides<Templates extends AgentPromptTemplates> = {
  [Key in keyof Templates]?: Templates[Key] extends string | ((...args: never[]) => unknown) ? Templates[Key] : Partial<Templates[Key]>;
};

/** Applies a user's overrides on top of an agent type's default templates. */
export function mergePromptTemplates<Templates extends AgentPromptTemplates>(defaults: Templates, overrides?: PromptOverrides<Templates>): Templates {
  if (!overrides) return defaults;
  const merged: Record<string, unknown> = { ...(defaults as object) };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!(key in defaults)) throw new TypeError(`Unknown prompt template '${key}'. Known templates: ${Object.keys(defaults).join(', ')}.`);
    const base = (defaults as Record<string, unknown>)[key];
    const isGroup = typeof base === 'object' && base !== null;
    merged[key] = isGroup ? { ...base, ...(value as object) } : value;
  }
  return merged as Templates;
}
