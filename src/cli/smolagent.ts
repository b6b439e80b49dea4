#!/usr/bin/env node
/**
 * The `smolagent` command. This entry only wires the process (arguments, streams, Ctrl-C, exit
 * code) to `runCli`; everything heavy is imported on demand to keep the cold start short.
 */
import { runCli } from './run-cli.js';

const exitCode = await runCli({
  argv: process.argv.slice(2),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  onInterrupt: (handler) => process.on('SIGINT', handler),
  exit: (code) => process.exit(code),
});
// Exit explicitly: a sandbox child or a keep-alive socket must not keep a finished command alive.
// Writes to pipes and files are synchronous on POSIX, so nothing printed is lost.
process.exit(exitCode);
