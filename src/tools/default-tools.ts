import { assertInstalled } from '../optional-dependency.js';
import type { JsInterpreterToolOptions } from './js-interpreter-tool.js';
import type { PythonInterpreterToolOptions } from './python-interpreter-tool.js';
import type { Tool } from './tool.js';
import type { UserInputToolOptions } from './user-input-tool.js';
import type { VisitWebpageToolOptions } from './visit-webpage-tool.js';
import type { WebSearchToolOptions } from './web-search-tool.js';
import type { WikipediaSearchToolOptions } from './wikipedia-search-tool.js';

/** The tools known by name (the CLI's `--tools web_search,visit_webpage`). */
export const defaultToolNames = ['web_search', 'visit_webpage', 'wikipedia_search', 'user_input', 'final_answer', 'js_interpreter', 'python_interpreter'] as const;

export type DefaultToolName = (typeof defaultToolNames)[number];

export interface DefaultToolOptions {
  /** Where base URLs are read from (SMOLAGENTS_DUCKDUCKGO_URL, SMOLAGENTS_WIKIPEDIA_URL). Default: process.env. */
  env?: Record<string, string | undefined>;
  webSearch?: WebSearchToolOptions | undefined;
  visitWebpage?: VisitWebpageToolOptions | undefined;
  wikipediaSearch?: WikipediaSearchToolOptions | undefined;
  userInput?: UserInputToolOptions | undefined;
  jsInterpreter?: JsInterpreterToolOptions | undefined;
  pythonInterpreter?: PythonInterpreterToolOptions | undefined;
}

export function isDefaultToolName(name: string): name is DefaultToolName {
  return (defaultToolNames as readonly string[]).includes(name);
}

/** Creates a default tool by name; each tool's module is imported only when it is asked for. */
export async function createDefaultTool(name: string, options: DefaultToolOptions = {}): Promise<Tool> {
  const env = options.env ?? process.env;
  switch (name) {
    case 'web_search': {
      const { WebSearchTool, DEFAULT_DUCKDUCKGO_URL } = await import('./web-search-tool.js');
      const baseUrl = options.webSearch?.baseUrl ?? env.SMOLAGENTS_DUCKDUCKGO_URL ?? DEFAULT_DUCKDUCKGO_URL;
      return new WebSearchTool({ ...options.webSearch, baseUrl });
    }
    case 'visit_webpage': {
      const { VisitWebpageTool } = await import('./visit-webpage-tool.js');
      return new VisitWebpageTool(options.visitWebpage);
    }
    case 'wikipedia_search': {
      const { WikipediaSearchTool, DEFAULT_WIKIPEDIA_URL } = await import('./wikipedia-search-tool.js');
      const baseUrl = options.wikipediaSearch?.baseUrl ?? env.SMOLAGENTS_WIKIPEDIA_URL ?? DEFAULT_WIKIPEDIA_URL;
      return new WikipediaSearchTool({ ...options.wikipediaSearch, baseUrl });
    }
    case 'user_input': {
      const { UserInputTool } = await import('./user-input-tool.js');
      return new UserInputTool(options.userInput);
    }
    case 'final_answer': {
      const { FinalAnswerTool } = await import('./final-answer-tool.js');
      return new FinalAnswerTool();
    }
    case 'js_interpreter': {
      const { JsInterpreterTool } = await import('./js-interpreter-tool.js');
      return new JsInterpreterTool(options.jsInterpreter);
    }
    case 'python_interpreter': {
      // Checked now, so that a CLI run fails before its first (paid) model request.
      assertInstalled('pyodide', 'the python_interpreter tool');
      const { PythonInterpreterTool } = await import('./python-interpreter-tool.js');
      return new PythonInterpreterTool(options.pythonInterpreter);
    }
    default:
      throw new Error(`Unknown tool '${name}'. Known tools: ${defaultToolNames.join(', ')}.`);
  }
}
