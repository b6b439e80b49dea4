/**
 * The OpenAI wire server as a process, for checks that drive a real `npm install`ed package or CLI
 * from the shell (scripts/check-fresh-clone.sh, scripts/check-consumer.mjs).
 *
 *   node --import tsx test/support/serve-openai-wire.ts REPLIES.json LOG.json [SECONDS]
 *
 * REPLIES.json is a JSON array of replies (strings or WireReply objects), played in order. The base
 * URL (with /v1) is printed as the first line on stdout; after every request the log file is
 * rewritten with all requests so far (path and body). The server stops by itself after SECONDS
 * (default 600), or on SIGTERM / SIGINT.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { startOpenAIWireServer, type WireReply } from './openai-wire-server.js';

const [repliesPath, logPath, seconds = '600'] = process.argv.slice(2);
if (!repliesPath || !logPath) {
  process.stderr.write('usage: serve-openai-wire.ts REPLIES.json LOG.json [SECONDS]\n');
  process.exit(2);
}
const scripted = JSON.parse(readFileSync(repliesPath, 'utf8')) as (string | WireReply)[];
writeFileSync(logPath, '[]\n');

const server = await startOpenAIWireServer({
  replies: (request, index) => {
    const reply = scripted[index];
    // Written before the reply goes out, so the log is complete once the client has its answer.
    writeFileSync(logPath, `${JSON.stringify(server.requests.map(({ path, body }) => ({ path, body })))}\n`);
    return reply ?? { status: 500, errorMessage: `serve-openai-wire: no reply scripted for request #${index + 1}` };
  },
});

const stop = (): void => {
  void server.close().finally(() => process.exit(0));
};
setTimeout(stop, Number(seconds) * 1000);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdout.write(`${server.url}\n`);
