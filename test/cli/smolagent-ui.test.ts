import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startOpenAIWireServer, type OpenAIWireServer } from '../support/openai-wire-server.js';
import { reasonLines, runSmolagent, startSmolagent } from './run-smolagent.js';

let model: OpenAIWireServer;
before(async () => {
  model = await startOpenAIWireServer({
    replies: [{ content: 'Thought: easy.\n```js\nfinal_answer(uploaded_files[0].text.toUpperCase())\n```', usage: { prompt_tokens: 50, completion_tokens: 5 } }],
  });
});
after(() => model.close());

const modelArgs = () => ['--api-base', model.url, '--model-id', 'wire-model', '--api-key', 'k'];

/** Reads Server-Sent Events messages from a fetch response until `done` says stop. */
async function readEvents(response: Response, done: (message: { kind: string; text?: string }) => boolean) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const messages: { kind: string; text?: string }[] = [];
  let buffer = '';
  try {
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return messages;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
        if (!data) continue;
        const message = JSON.parse(data);
        messages.push(message);
        if (done(message)) return messages;
      }
    }
  } finally {
    await reader.cancel();
  }
}

describe('smolagent ui', () => {
  it('serves the page for the agent the flags describe, runs a task with a file, and stops on Ctrl-C', async () => {
    const { child, done } = startSmolagent(['ui', '--port', '0', ...modelArgs(), '--max-steps', '3']);
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
        if (found) resolve(found[1]!);
      });
      child.once('exit', () => reject(new Error(`smolagent ui exited:\n${stderr}`)));
    });
    assert.match(stderr, /smolagent ui: CodeAgent · tools: final_answer/);

    const page = await fetch(url);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /OpenAIServerModel wire-model/);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const events = await fetch(`${url}api/events`, { headers: { cookie } });
    assert.equal(events.headers.get('content-type'), 'text/event-stream');
    const received = readEvents(events, (message) => message.kind === 'final_answer');
    const form = new FormData();
    form.append('task', 'shout my file');
    form.append('files', new File(['quiet words'], 'note.txt', { type: 'text/plain' }));
    const started = await fetch(`${url}api/run`, { method: 'POST', body: form, headers: { cookie, 'x-smolagent-ui': '1' } });
    assert.equal(started.status, 202);
    const messages = await received;
    assert.deepEqual(messages[0], { kind: 'snapshot', messages: [], running: false });
    assert.deepEqual(messages[1], { kind: 'task', text: 'shout my file', files: ['note.txt'] });
    assert.deepEqual(messages.at(-1), { kind: 'final_answer', text: 'QUIET WORDS' });
    // The file reached the model too, in the task's additional arguments.
    assert.match(JSON.stringify(model.requests.at(-1)!.body.messages), /uploaded_files[\s\S]*quiet words/);

    child.kill('SIGINT');
    const exit = await done;
    assert.equal(exit.code, 0, exit.stderr);
  });
});

describe('smolagent ui: bad settings get one clear line', () => {
  let taken: Server;
  before(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  });
  after(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it('a port in use', async () => {
    const port = (taken.address() as { port: number }).port;
    const run = await runSmolagent(['ui', '--port', String(port), ...modelArgs()]);
    assert.equal(run.code, 1);
    assert.deepEqual(reasonLines(run.stderr), [`smolagent: Port ${port} on 127.0.0.1 is already in use: stop what listens there, or pick another port (--port).`]);
  });

  it('bad values and a task on the command line', async () => {
    const cases: [string[], string][] = [
      [['--port', 'http'], "smolagent: --port needs a whole number from 0 to 65535, got 'http'."],
      [['--port', '70000'], "smolagent: --port needs a whole number from 0 to 65535, got '70000'."],
      [['--max-upload-mb', '0'], "smolagent: --max-upload-mb needs a positive number, got '0'."],
      [['do', 'something'], "smolagent: smolagent ui takes no task ('do something'): type tasks in the page."],
    ];
    const runs = await Promise.all(cases.map(([args]) => runSmolagent(['ui', ...args, ...modelArgs()])));
    runs.forEach((run, index) => {
      assert.equal(run.code, 2, run.stderr);
      assert.deepEqual(reasonLines(run.stderr), [cases[index]![1]]);
    });
  });

  it('--help lists the commands, and each command has its own help', async () => {
    const [main, ui, replay] = await Promise.all([runSmolagent(['--help']), runSmolagent(['ui', '--help']), runSmolagent(['replay', '--help'])]);
    assert.match(main.stdout, /\n {2}smolagent ui \[options\] +Serve a web page to run the agent in/);
    assert.match(main.stdout, /\n {2}smolagent replay FILE +Print a run recorded with --record FILE/);
    assert.match(main.stdout, /--record FILE/);
    assert.match(ui.stdout, /^Usage: smolagent ui \[options\]/);
    assert.match(ui.stdout, /--max-upload-mb N/);
    assert.match(replay.stdout, /^Usage: smolagent replay FILE/);
  });
});
