/**
 * A prompt is data: a string with `{{name}}` placeholders, or a function of the same context.
 * Users override any template through an agent's `promptTemplates` option.
 */
export type PromptTemplate<Context extends object> = string | ((context: Context) => string);

/** Fills a template. Unknown placeholders are left as they are, so a typo shows up in the prompt. */
export function renderPrompt<Context extends object>(template: PromptTemplate<Context>, context: Context): string {
  if (typeof template === 'function') return template(context);
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (match, key: string) => {
    const value = (context as Record<string, unknown>)[key];
    return value === undefined ? match : String(value);
  });
}
