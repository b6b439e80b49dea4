/**
 * What the default tools put in front of the model: their descriptions, the descriptions of their
 * parameters, and the results and errors they return. They live here with every other model-facing
 * string so that they can be reviewed and tuned together; the tools fill them with `renderPrompt`.
 *
 * Templates named `...Fragment` are optional pieces: the tool renders them, or uses '' in their place.
 */
export const defaultToolPrompts = {
  webSearch: {
    description: 'Performs a web search for a query and returns the top results as a markdown list of title, link and snippet.',
    queryParameter: 'The search query to perform.',
    maxResultsParameter: 'How many results to return (default: the tool setting, usually 10).',
    /** The results, as smolagents prints them; `results` are `result`s joined by a blank line. */
    results: '## Search Results\n\n{{results}}',
    result: '[{{title}}]({{url}})\n{{snippet}}',
    noResults: "No results found for query '{{query}}'. Try a broader or differently worded query (fewer words, no quotes or operators).",
    rateLimited:
      'DuckDuckGo refused the search (HTTP {{status}}): it is rate-limiting this client. Wait before searching again, or use another tool (wikipedia_search, visit_webpage).',
    failed: 'The search failed: HTTP {{status}} {{statusText}} from {{url}}. Try again later.',
  },

  visitWebpage: {
    description: 'Visits a webpage at the given URL and returns its content as markdown. Use it to read pages found with web_search.',
    urlParameter: 'The absolute http(s) URL of the webpage to visit.',
    /** Puts the <title> on top when the page's text does not already show it. */
    titledPage: '# {{title}}\n\n{{markdown}}',
    notAWebpage: "The URL {{url}} returned '{{type}}', not a webpage: visit_webpage reads only HTML and plain text.",
    /** Stands for `type` above when the server sent no Content-Type. */
    unknownContentType: 'an unknown content type',
    noReadableText: 'The page at {{url}} has no readable text.',
  },

  wikipediaSearch: {
    /** `content` is `summaryContent` or `fullTextContent`, after the tool's setting. */
    description: 'Searches Wikipedia ({{language}}) and returns {{content}} of the best-matching article, with its title and URL.',
    summaryContent: 'the summary (lead section)',
    fullTextContent: 'the full text',
    queryParameter: 'The topic to look up on Wikipedia: an article title or a few keywords.',
    page: 'Wikipedia page: {{title}}\n\n{{text}}\n\nRead more: {{url}}',
    noExtract: '(The article has no text extract.)',
    notFound: "No Wikipedia page found for '{{query}}'. Try a different or more general query.",
    notJson: 'Wikipedia answered with something other than JSON from {{url}}.',
    apiError: 'The Wikipedia API refused the request: {{reason}}.',
    unknownApiError: 'unknown error',
  },

  userInput: {
    description: "Asks the user a question and returns the user's answer. Use it only for information you cannot find otherwise.",
    questionParameter: 'The question to ask the user.',
    /** Written to the human, not the model; kept here so that the tool's wording stays in one place. */
    ask: '{{question}} => Type your answer here: ',
    inputClosed: "No answer: the user's input is closed{{detail}}. Continue without asking the user, or give your best final answer.",
    inputClosedDetailFragment: ' ({{message}})',
  },

  jsInterpreter: {
    /** `imports` is `importsAllowed` or `noImports`. */
    description:
      'Evaluates JavaScript code in a sandbox (no network, no file system) and returns what it printed and the value of its last expression. Use it for calculations and data processing. Each call starts fresh: variables do not persist between calls. {{imports}}',
    importsAllowed: 'It may import only these modules: {{modules}}.',
    noImports: 'It cannot import any module; standard JavaScript built-ins (Math, JSON, Date, Intl, RegExp, Array...) are available.',
    codeParameter: 'The JavaScript code to run. Print with console.log; the value of the last expression is returned too.',
    result: 'Stdout:\n{{logs}}\nOutput: {{output}}',
    error: '{{errorType}}{{line}}: {{message}}{{logs}}',
    errorLineFragment: ' (line {{line}})',
    errorLogsFragment: '\nStdout before the error:\n{{logs}}',
  },

  pythonInterpreter: {
    /** `modules` are the modules the snippet may import. */
    description:
      'Evaluates Python code in a sandbox (no network, no file system) and returns what it printed and the value of its last expression. Use it for calculations and data processing. Each call starts fresh: variables do not persist between calls. It may import only these modules: {{modules}}.',
    codeParameter: 'The Python code to run. Print with print(); the value of the last expression is returned too.',
    result: 'Stdout:\n{{logs}}\nOutput: {{output}}',
    error: '{{errorType}}{{line}}: {{message}}{{logs}}',
    errorLineFragment: ' (line {{line}})',
    errorLogsFragment: '\nStdout before the error:\n{{logs}}',
  },

  finalAnswer: {
    description: 'Provides the final answer to the task and ends the run.',
    answerParameter: 'The final answer to the task: any JSON-serializable value.',
    /** When the agent has an output schema: the schema (and its own description) follow. */
    typedAnswerParameter: 'The final answer to the task, in exactly this shape.',
  },

  /** The failures of the HTTP helper every network tool shares. */
  http: {
    invalidUrl: "Invalid URL '{{url}}': give an absolute http:// or https:// URL.",
    unsupportedProtocol: "Invalid URL '{{url}}': only http:// and https:// URLs can be fetched.",
    timeout: 'The request to {{url}} timed out after {{seconds}} s: try again later or try another URL.',
    unreachable: 'Could not reach {{url}}: {{reason}}.',
    badStatus: 'HTTP {{status}}{{reason}} for URL {{url}}',
    badStatusReasonFragment: ' {{reason}}',
  },

  /** Joins the head and the tail of a text too long to return whole (visit_webpage, wikipedia_search). */
  truncatedContent: '{{head}}\n..._This content has been truncated to stay below {{maxLength}} characters_...\n{{tail}}',
} as const;
