/**
 * What the model reads when a tool call's arguments or a tool's result do not match the tool's
 * schemas, and when a final answer does not match the agent's output schema. The `problems` are
 * `path: what is wrong` items joined by '; '.
 */
export const toolMessages = {
  invalidArguments: "Invalid arguments for tool '{{name}}': {{problems}}. Expected parameters: {{parameters}}.",
  /** A call from code with an object whose keys name no parameter (a typo such as `qurey`). */
  unknownArgument: "Unknown argument {{keys}} for tool '{{name}}'. Expected parameters: {{parameters}}.",
  unknownArguments: "Unknown arguments {{keys}} for tool '{{name}}'. Expected parameters: {{parameters}}.",
  /** The tool ran, but its result breaks the result type it declares (shown in its signature). */
  invalidResult: "Tool '{{name}}' returned a result that does not match its declared result type: {{problems}}.",
  /** Stands for the path when the whole value is wrong. */
  argumentsLabel: '(arguments)',
  resultLabel: '(result)',
  answerLabel: '(answer)',
  /** "Expected parameters" lists each parameter as `name (type, required, one of "a" | "b")`. */
  parameter: '{{name}} ({{type}}{{required}}{{values}})',
  parameterRequiredFragment: ', required',
  parameterValuesFragment: ', one of {{values}}',
  noParameters: 'none',
  /** How a Python docstring lists the keys of a dict-shaped result or answer. */
  pythonDictKeys: 'A dict with keys:',
  pythonListOfDictsKeys: 'A list of dicts with keys:',
  pythonOptionalKeyFragment: ', optional',
  /** After a parameter whose name Python cannot write (a keyword such as `from`), shown as `pythonName`. */
  pythonRenamedParameterFragment: " (the tool's parameter '{{name}}', which Python cannot use as a name)",
} as const;
