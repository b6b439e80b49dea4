import type { MemoryPromptTemplates } from './types.js';

/**
 * What the model reads when memory is kept within `maxTokensMemory`: the compaction call that folds
 * older steps into a running summary, the summary as it then appears in memory, and the note that
 * replaces the cut part of a shortened observation.
 */
export const memoryPromptTemplates: MemoryPromptTemplates = {
  summarySystem: `You keep the notes of an agent that works on a task in steps. Its memory is limited, so its older steps are replaced by your notes: whatever your notes leave out, the agent will never see again.

Write notes that let the agent carry on without the steps:
- every fact the task may need, verbatim: names, numbers, codes, dates, quotes, file and variable names, URLs;
- what was tried, what worked, what failed and why;
- the variables the agent defined in its code, when they still hold results;
- what remains to be done.
Keep what the earlier notes say unless the new steps prove it wrong. Leave out chatter and repeated output.
Write plain text, at most about {{maxWords}} words. Write only the notes.`,

  summaryRequest: `The agent's task:
{{task}}
{{previousSummary}}
The steps to fold into the notes:

{{steps}}

Now write the updated notes.`,

  previousSummarySection: `
Your notes so far, covering the earlier steps:
{{summary}}
`,

  transcriptMessage: `[{{role}}]
{{content}}`,

  transcriptToolCall: `Tool call {{name}}: {{arguments}}`,

  summaryInMemory: `Notes on the earlier steps, which were folded to keep the memory small (the facts they hold are still true):
{{summary}}`,

  shortened: `
[… {{count}} characters of this older output left out to keep the memory small …]
`,
};
