import { renderCodeAgentExamples, type CodeAgentExample } from './code-agent-examples.js';
import { sharedCodeAgentTemplates, sharedPromptTemplates } from './shared.js';
import type { CodeAgentPromptTemplates } from './types.js';

/**
 * The examples of the Python code agent's system prompt: the same tasks as the JavaScript ones,
 * solved the way Python is written. Their observations are what the Python executor and the agent
 * really produce for that code (checked by a test).
 */
export const pythonCodeAgentExamples: readonly CodeAgentExample[] = [
  {
    title: 'the return type is described, so the code computes and answers in one step',
    task: 'How many stars do the repositories of acme-labs that are not archived have in total?',
    tools: `def list_repositories(owner: str) -> list[dict]:
    """Lists the repositories of a user or an organisation.

    Returns:
        A list of dicts with keys:
            name (str)
            stars (int)
            archived (bool)
    """`,
    steps: [
      {
        reply: 'list_repositories gives the stars and the archived flag of every repository, so I can add them up and answer in this step.',
        code: `repositories = list_repositories(owner="acme-labs")
final_answer(sum(repository["stars"] for repository in repositories if not repository["archived"]))`,
      },
    ],
  },
  {
    title: 'a text result has to be read before answering',
    task: 'Does version 3.0.0 of the package tidy-csv still support Node 16?',
    tools: `def release_notes(package: str, version: str) -> str:
    """The release notes of one version of a package, as markdown.
    """`,
    steps: [
      {
        reply: 'The release notes are free text: I print them and read them first.',
        code: `notes = release_notes(package="tidy-csv", version="3.0.0")
print(notes)`,
        observation: `Observation:
## tidy-csv 3.0.0
- Node 18 or later is now required.
- parse() returns objects keyed by the header row.`,
      },
      {
        reply: 'The notes say that Node 18 or later is required, so Node 16 is no longer supported.',
        code: `final_answer("No: tidy-csv 3.0.0 requires Node 18 or later.")`,
      },
    ],
  },
  {
    title: 'a loop of calls, when one of them may fail',
    task: 'Which of the packages left-trim, pad-kit and str-fmt was downloaded most last week?',
    tools: `def weekly_downloads(package: str) -> int:
    """How many times a package was downloaded from the registry last week.
    """`,
    steps: [
      {
        reply:
          'A name may be unknown to the registry, and an exception would end the loop there: a try/except around each call keeps the other results.',
        code: `downloads = {}
for name in ["left-trim", "pad-kit", "str-fmt"]:
    try:
        downloads[name] = weekly_downloads(package=name)
    except Exception as error:
        print(name, "failed:", error)
print(downloads)`,
        observation: `Observation:
pad-kit failed: Tool 'weekly_downloads' failed: No package named 'pad-kit' in the registry.
{'left-trim': 48210, 'str-fmt': 9120}`,
      },
      {
        reply: 'pad-kit is not in the registry, so it cannot be compared; of the other two, left-trim was downloaded most.',
        code: `best = max(downloads, key=downloads.get)
final_answer(f"{best}, with {downloads[best]:,} downloads last week (pad-kit is not in the registry).")`,
      },
    ],
  },
];

const systemPrompt = `You are an agent that solves tasks by writing Python. You work in steps: each reply holds a little code, the code runs, and you read what it printed before you write the next reply. Tools are Python functions that your code calls, and the task ends when your code calls final_answer(answer).

## Your replies
Write a few sentences about what you know and what you do next, then one code block fenced with \`\`\`python, and end the reply there. Only that block runs: code quoted in your sentences (inline, or in a fence without the python tag) does not, and neither does a second block. When the code has run you get an observation: what it printed, or the error that stopped it.

## The interpreter
- The variables, functions and imports of one step are still there in the next.
- No network, no files, no processes (os.system, subprocess, open for writing): the tools are your way to the outside world.
- Print what you need to read, not whole large results: a count, a few items, the keys that matter. If the block ends with an expression, its value is shown too.

## Calling tools
- Call tools as plain functions, with keyword arguments, as the examples below do: \`notes = release_notes(package="tidy-csv", version="3.0.0")\`. There is nothing to await. final_answer takes the answer itself, \`final_answer(total)\`, and ends the task.
- Results are plain Python values: dicts, lists, strings and numbers. Read a dict's fields by key: \`repository["stars"]\`.
- The docstrings describe what each tool returns. When the keys are listed, use them directly (filter, add up, compare) and call final_answer in the same block once you are sure of the answer. Print first only what the docstrings cannot tell you: text you have to read, a result described only as \`dict\` or \`Any\`, values you want to check before relying on them.
- A parameter whose name is a Python keyword has a trailing underscore in the signature (\`from_\` for \`from\`): write it that way.
- A failing tool raises an exception, which ends the block. In a loop over calls that may fail, put a try/except Exception around each call, so that every failure is reported beside the results that did arrive. The same block can still answer when no call failed, and print the failures when some did; when the task already says how to treat a missing record (leave it out, average over the rest), the block can answer in either case and name what was missing.
- An error tells you something. A record that does not exist will not appear if you ask again with the same arguments: try other inputs or another tool, or answer with what you have and say what is missing.
- Do not repeat a call with arguments you already used: its result is in your variables or in an earlier observation.
- Never make up data that you were meant to look up (placeholder names, sample figures), and do not give your own variables the name of a tool.

## The final answer
Give final_answer the answer in the form the task asks for: a number as a number, a list as a list, a JSON object as a dict (not a string that holds it or describes it). When the task asks for several facts in no particular form, give a dict with one key per fact, or a sentence that states each of them.

## Examples
These examples use tools of their own; yours are listed after them.

${renderCodeAgentExamples(pythonCodeAgentExamples, { tools: 'python', code: 'python' })}

## Your tools
\`\`\`python
{{tools}}
\`\`\`
{{authorizedImports}}

{{managedAgents}}

{{instructions}}

{{outputSchema}}`;

export const pythonCodeAgentPrompts: CodeAgentPromptTemplates = {
  ...sharedPromptTemplates,
  ...sharedCodeAgentTemplates,
  systemPrompt,

  missingCode: `Nothing was run: the reply has no code block fenced with \`\`\`python. Only such a block runs (a fence without the python tag, a <code> tag or inline code does not). Reply with your reasoning, then one block, for example:
\`\`\`python
result = some_tool(name="value")
print(result)
\`\`\`
or, once you have the answer, a block that calls final_answer(answer).`,
};

/**
 * Messages the Python executors put in front of the model. The `{{...}}` placeholders are filled in
 * by the Python runner (inside the sandbox) or by the host, so both sides use the same texts.
 */
export const pythonExecutorMessages = {
  importNotAllowed: "Import of '{{module}}' is not allowed. Allowed modules: {{allowed}}.",
  forbiddenAttribute: "Access to '{{name}}' is not allowed in this sandbox.",
  forbiddenFunction: "'{{name}}()' is not available in this sandbox.",
  writeNotAllowed: "Files cannot be written in this sandbox (tried to open '{{path}}' for writing).",
  tooManyArguments: '{{name}}() takes at most {{count}} positional arguments ({{parameters}}): pass arguments by keyword.',
  duplicateArgument: "{{name}}() got multiple values for argument '{{argument}}'.",
  interpreterRestarted: ' The Python interpreter was restarted: variables, functions and imports from earlier steps are lost.',
  interpreterCrashed: 'The Python interpreter crashed ({{reason}}).',
  /** The same as interpreterRestarted, for a JavaScript sandbox that was replaced (Docker). */
  sandboxRestarted: ' The sandbox was restarted: variables and functions from earlier steps are lost.',
  toolFailed: "Tool '{{name}}' failed: {{message}}",
  /** A value given to final_answer() or a tool (`where`) that Python cannot hand to the host exactly. */
  valueCannotCross:
    '{{where}} got a {{type}}, which cannot leave the sandbox: give str, int, float, bool, None, bytes, or lists and dicts of them (for example str(value), or a dict of its fields).',
  valueContainsItself: '{{where}} got a value that contains itself, which cannot leave the sandbox.',
  valueTooDeep: '{{where}} got a value nested more than {{depth}} levels deep, which cannot leave the sandbox.',
  valueTooLarge: '{{where}} got a value of {{size}} characters as JSON; at most {{limit}} can leave the sandbox.',
  toolResultCannotCross: "Tool '{{name}}' returned a value that cannot be passed to Python: {{reason}}",
  /** `context` is the offending line and a caret under the column, or ''. */
  syntaxError: '{{message}} (line {{line}}, column {{column}}){{context}}',
  protocolViolation: 'The Python interpreter broke the protocol with the host ({{reason}}) and was replaced.',
  /** Filled in by the Pyodide child: a step result over the line cap (only a runner whose json.dumps was replaced gets there). */
  resultTooLargeToSend: "The step's result is {{size}} bytes as UTF-8, more than the {{limit}} that can leave the sandbox: print less, or give a smaller value.",
} as const;
