/**
 * Resumes a durable run in a fresh process, as a restarted service would: argv is the checkpoint
 * directory, the run id, the script name, the side-effect file, then `approve=ID` / `reject=ID`.
 * Prints the outcome as one JSON line.
 */
import { FileCheckpointStore } from '../../../src/durable/file-checkpoint-store.js';
import { codeAgent } from './durable-fixture.js';

const [directory, runId, script, file, ...decisions] = process.argv.slice(2);
const approve = decisions.filter((item) => item.startsWith('approve=')).map((item) => item.slice('approve='.length));
const reject = decisions.filter((item) => item.startsWith('reject=')).map((item) => ({ id: item.slice('reject='.length), reason: 'not today' }));
const agent = codeAgent(script!, file!);
try {
  const outcome = await agent.resume({ store: new FileCheckpointStore(directory!), runId: runId! }, { approve, reject });
  console.log(JSON.stringify({ state: outcome.state, output: outcome.state === 'done' ? outcome.output : undefined, pending: outcome.state === 'awaiting_approval' ? outcome.pending : undefined }));
} catch (error) {
  console.log(JSON.stringify({ error: (error as Error).name, message: (error as Error).message }));
} finally {
  await agent.dispose();
}
