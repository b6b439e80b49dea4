import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDefaultTool, defaultToolNames, isDefaultToolName } from '../../src/tools/default-tools.js';
import { FinalAnswerTool } from '../../src/tools/final-answer-tool.js';
import { JsInterpreterTool } from '../../src/tools/js-interpreter-tool.js';
import { PythonInterpreterTool } from '../../src/tools/python-interpreter-tool.js';
import { renderTypeScriptToolSignature } from '../../src/tools/render-typescript.js';
import { Tool } from '../../src/tools/tool.js';
import { UserInputTool } from '../../src/tools/user-input-tool.js';
import { VisitWebpageTool } from '../../src/tools/visit-webpage-tool.js';
import { WebSearchTool } from '../../src/tools/web-search-tool.js';
import { WikipediaSearchTool } from '../../src/tools/wikipedia-search-tool.js';

describe('default tools registry', () => {
  test('every name creates a tool of that name and the right class', async () => {
    const classes = {
      web_search: WebSearchTool,
      visit_webpage: VisitWebpageTool,
      wikipedia_search: WikipediaSearchTool,
      user_input: UserInputTool,
      final_answer: FinalAnswerTool,
      js_interpreter: JsInterpreterTool,
      python_interpreter: PythonInterpreterTool,
    };
    assert.deepEqual([...defaultToolNames].sort(), Object.keys(classes).sort());
    for (const name of defaultToolNames) {
      const created = await createDefaultTool(name);
      assert.ok(created instanceof Tool);
      assert.ok(created instanceof classes[name], name);
      assert.equal(created.name, name);
      assert.ok(isDefaultToolName(name));
    }
  });

  test('an unknown name is an error that lists the known names', async () => {
    assert.equal(isDefaultToolName('web_serch'), false);
    await assert.rejects(createDefaultTool('web_serch'), /Unknown tool 'web_serch'\. Known tools: web_search, visit_webpage, wikipedia_search, user_input, final_answer, js_interpreter, python_interpreter\./);
  });

  test('base URLs come from the given env, explicit options win', async () => {
    const env = { SMOLAGENTS_DUCKDUCKGO_URL: 'http://ddg.test', SMOLAGENTS_WIKIPEDIA_URL: 'http://wiki.test/{language}' };
    const search = (await createDefaultTool('web_search', { env })) as WebSearchTool;
    assert.equal(search.baseUrl, 'http://ddg.test');
    const wiki = (await createDefaultTool('wikipedia_search', { env, wikipediaSearch: { language: 'ko' } })) as WikipediaSearchTool;
    assert.equal(wiki.baseUrl, 'http://wiki.test/ko');
    const explicit = (await createDefaultTool('web_search', { env, webSearch: { baseUrl: 'http://other.test' } })) as WebSearchTool;
    assert.equal(explicit.baseUrl, 'http://other.test');
    // An env without the variables means the public services, whatever the process env says.
    assert.equal(((await createDefaultTool('web_search', { env: {} })) as WebSearchTool).baseUrl, 'https://html.duckduckgo.com');
    assert.equal(((await createDefaultTool('wikipedia_search', { env: {} })) as WikipediaSearchTool).baseUrl, 'https://en.wikipedia.org');
  });

  test('the tools render as TypeScript signatures and JSON Schema with their parameters', async () => {
    const search = await createDefaultTool('web_search');
    assert.match(renderTypeScriptToolSignature(search), /declare function web_search\(args: \{ query: string; max_results\?: number \}\): Promise<string>;/);
    assert.deepEqual(search.toDefinition().parameters.required, ['query']);
    const visit = await createDefaultTool('visit_webpage');
    assert.match(renderTypeScriptToolSignature(visit), /declare function visit_webpage\(args: \{ url: string \}\): Promise<string>;/);
  });
});
