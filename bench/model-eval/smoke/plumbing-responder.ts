/**
 * PLUMBING CHECK ONLY — not an evaluation. Answers the relay's requests (DIR/req-N.json) with the
 * scripted replies of plumbing-replies.ts until DIR/DONE appears.
 *   node --import tsx bench/model-eval/smoke/plumbing-responder.ts DIR [--fail task-id,...]
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createPlumbingReplies } from './plumbing-replies.js';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { fail: { type: 'string' } } });
const dir = positionals[0];
if (!dir) throw new Error('usage: plumbing-responder.ts DIR [--fail task-id,...]');
const failTaskIds = values.fail?.split(',') ?? [];

const reply = await createPlumbingReplies(failTaskIds);
let next = 1;
while (!existsSync(join(dir, 'DONE'))) {
  const requestPath = join(dir, `req-${next}.json`);
  // The relay writes req-N.txt after req-N.json: once the .txt exists the JSON is complete.
  if (!existsSync(join(dir, `req-${next}.txt`))) {
    await sleep(100);
    continue;
  }
  const completion = reply(JSON.parse(await readFile(requestPath, 'utf8')));
  await writeFile(join(dir, `resp-${next}.json`), JSON.stringify(completion)); // the relay waits until a reply stops changing
  process.stderr.write(`answered req-${next}\n`);
  next++;
}
