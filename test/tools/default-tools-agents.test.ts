import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import type { ChatMessage } from '../../src/models/model.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { VisitWebpageTool } from '../../src/tools/visit-webpage-tool.js';
import { WebSearchTool } from '../../src/tools/web-search-tool.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { contentText } from '../../src/models/message-content.js';

const call = (id: string, name: string, args: Record<string, unknown>): ChatMessage => ({
  role: 'assistant',
  content: '',
  toolCalls: [{ id, name, arguments: args }],
});

/** The newest tool observation the agent sent to the model. */
function lastToolMessage(messages: ChatMessage[]): string {
  const message = messages.findLast((candidate) => candidate.role === 'tool');
  assert.ok(message, 'a tool observation was sent to the model');
  return contentText(message.content);
}

describe('default tools inside agents, against the fixture server', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.close());

  test('ToolCallingAgent: web_search, then visit_webpage on a link from the results, then final_answer', async () => {
    let visited = '';
    const model = new ScriptedModel([
      call('1', 'web_search', { query: 'smolagents blog', max_results: 3 }),
      (messages) => {
        // Follow the result whose title mentions the launch post, as a model would.
        const link = /\[Introducing smolagents[^\]]*\]\(([^)]+)\)/.exec(lastToolMessage(messages));
        assert.ok(link, 'the search results reached the model');
        visited = link[1]!;
        return call('2', 'visit_webpage', { url: visited });
      },
      (messages) => {
        const page = lastToolMessage(messages);
        const heading = /^# (.+)$/m.exec(page);
        assert.ok(heading, 'the page markdown reached the model');
        return call('3', 'final_answer', { answer: heading[1] });
      },
    ]);
    const agent = new ToolCallingAgent({ model, tools: [new WebSearchTool({ baseUrl: server.baseUrl }), new VisitWebpageTool()] });
    const answer = await agent.run('What is the title of the blog post that introduced smolagents?');
    assert.equal(answer, 'Introducing smolagents: simple agents that write actions in code');
    assert.equal(visited, `${server.baseUrl}/article.html`);
    assert.deepEqual(
      server.requests.map((request) => request.path),
      ['/html/', '/article.html'],
    );
    assert.deepEqual(model.calls[0]!.options.tools?.map((definition) => definition.name).sort(), ['final_answer', 'visit_webpage', 'web_search']);
  });

  test('a failing tool becomes an error observation and the run goes on', async () => {
    const model = new ScriptedModel([
      call('1', 'visit_webpage', { url: `${server.baseUrl}/report.pdf` }),
      (messages) => call('2', 'final_answer', { answer: lastToolMessage(messages) }),
    ]);
    const agent = new ToolCallingAgent({ model, tools: [new VisitWebpageTool()] });
    const answer = await agent.run('Read the report.');
    assert.match(String(answer), /Tool 'visit_webpage' failed with arguments .*returned 'application\/pdf', not a webpage/s);
    assert.equal(agent.memory.actionSteps[0]!.toolCalls?.[0]?.error?.type, 'AgentToolExecutionError');
  });

  test('CodeAgent: the code calls web_search and visit_webpage as functions in the sandbox', async () => {
    const code = [
      'const results = await web_search({ query: "smolagents", max_results: 2 });',
      'const url = results.match(/\\((http[^)]+article\\.html)\\)/)?.[1] ?? results.match(/\\]\\((http[^)]+)\\)/)[1];',
      'const page = await visit_webpage(url); // positional, as in the seed guide\'s examples',
      'final_answer(page.split("\\n")[0]);',
    ].join('\n');
    const model = new ScriptedModel([`Thought: search, then read.\nCode:\n\`\`\`js\n${code}\n\`\`\`<end_code>`]);
    const agent = new CodeAgent({ model, tools: [new WebSearchTool({ baseUrl: server.baseUrl }), new VisitWebpageTool()] });
    try {
      // max_results 2 keeps only GitHub and the launch post: the code picks the post from the markdown.
      assert.equal(await agent.run('Title of the smolagents launch post?'), '# Introducing smolagents: simple agents that write actions in code');
    } finally {
      await agent.dispose();
    }
  });
});
