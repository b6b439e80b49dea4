#!/usr/bin/env node
/**
 * The `webagent` command: the process (arguments, streams, Ctrl-C, exit code) wired to
 * `runWebAgentCli`, as `smolagent` is to `runCli`.
 */
import { runWebAgentCli } from './run-webagent.js';

const exitCode = await runWebAgentCli({
  argv: process.argv.slice(2),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  onInterrupt: (handler) => process.on('SIGINT', handler),
  exit: (code) => process.exit(code),
});
process.exit(exitCode);
