import type { Duplex } from 'node:stream';
import { LineSplitter } from '../pyodide/line-splitter.js';
import { RunnerChannel, type ToolCallHandler } from '../pyodide/runner-channel.js';


/** Tool calls a JavaScript action may have open at once (Promise.all); Python makes one at a time. */
const MAX_OPEN_TOOL_CALLS = { python: 1, javascript: 64 } as const;
import { FrameDemuxer } from './frame-demuxer.js';

/** The part of a dockerode `Container` the session uses. */
export interface ContainerHandle {
  id: string;
  attach(options: Record<string, unknown>): Promise<NodeJS.ReadWriteStream>;
  start(options?: Record<string, unknown>): Promise<unknown>;
  kill(options?: Record<string, unknown>): Promise<unknown>;
  wait(options?: Record<string, unknown>): Promise<{ StatusCode?: number }>;
  remove(options?: Record<string, unknown>): Promise<unknown>;
}

/** The part of a dockerode `Docker` the executor uses. */
export interface DockerClient {
  createContainer(options: Record<string, unknown>): Promise<ContainerHandle>;
  pull(image: string, options?: Record<string, unknown>): Promise<NodeJS.ReadableStream>;
  modem: { followProgress(stream: NodeJS.ReadableStream, onFinished: (error: Error | null, output: unknown[]) => void): void };
  /** dockerode's engine check (GET /_ping). */
  ping?(): Promise<unknown>;
}

/** The container's process ended while the host waited on it. */
export class ContainerExitError extends Error {
  override readonly name = 'ContainerExitError';
  constructor(
    readonly statusCode: number | undefined,
    readonly stderrTail: string,
  ) {
    super(`The container's process exited${statusCode === undefined ? '' : ` with status ${statusCode}`}.`);
  }
}

const STDERR_TAIL_CHARS = 4000;

/**
 * One container running a runner process, attached before it starts so that no output is lost.
 * Commands and tool results go to its stdin; replies and tool calls come back on its stdout, inside
 * Docker's multiplexed stream frames; stderr is kept (its tail) to explain a crash.
 */
export class ContainerSession {
  readonly channel: RunnerChannel;
  private stderrTail = '';
  private removed = false;
  private exitStatus: Promise<number | undefined> = new Promise(() => {});

  private constructor(
    readonly container: ContainerHandle,
    private readonly stream: Duplex,
    language: 'python' | 'javascript',
    maxLineBytes: number,
    maxToolCallsPerAction: number,
  ) {
    // What the container says is not trusted either: a protocol violation costs it the container.
    this.channel = new RunnerChannel({
      writeLine: (line) => {
        this.stream.write(line + '\n');
      },
      onViolation: () => void this.destroy(),
      maxOpenToolCalls: MAX_OPEN_TOOL_CALLS[language],
      maxToolCallsPerAction,
      parseLine: language === 'python' ? undefined : (line) => JSON.parse(line) as unknown,
    });
    const lines = new LineSplitter((line) => this.channel.receive(line), maxLineBytes, () => this.channel.violate('a line longer than the protocol allows'));
    const demuxer = new FrameDemuxer((kind, payload) => {
      if (kind === 'stdout') lines.push(payload);
      else this.stderrTail = (this.stderrTail + payload.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    stream.on('data', (chunk: Buffer) => demuxer.push(chunk));
    stream.on('error', () => undefined); // the end of the stream (below) reports the failure
    stream.on('close', () => void this.ended());
    stream.on('end', () => void this.ended());
  }

  /** The stream ended: report the exit status when the engine gives it soon (137 = SIGKILL, e.g. OOM). */
  private async ended(): Promise<void> {
    const statusCode = await Promise.race([
      this.exitStatus,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000).unref()),
    ]);
    this.channel.fail(new ContainerExitError(statusCode, this.stderrTail));
  }

  static async start(docker: DockerClient, createOptions: Record<string, unknown>, pull: 'missing' | 'never', language: 'python' | 'javascript', maxLineBytes: number, maxToolCallsPerAction: number): Promise<ContainerSession> {
    const container = await createContainer(docker, createOptions, pull);
    let session: ContainerSession | undefined;
    try {
      const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex;
      session = new ContainerSession(container, stream, language, maxLineBytes, maxToolCallsPerAction);
      // docker-modem sends the attach options as the request body, and Podman passes that body on
      // to the process's stdin: a newline makes it a line of its own, which the runner skips.
      stream.write('\n');
      await container.start();
      session.exitStatus = container.wait().then(
        (result) => result?.StatusCode,
        () => undefined,
      );
      return session;
    } catch (error) {
      await (session?.destroy() ?? container.remove({ force: true }).catch(() => undefined));
      throw error;
    }
  }

  request(message: Record<string, unknown>, onToolCall?: ToolCallHandler): Promise<unknown> {
    return this.channel.request(message, onToolCall);
  }

  /** Asks the runner to stop the running action (KeyboardInterrupt) without losing its state. */
  async interrupt(): Promise<void> {
    await this.container.kill({ signal: 'SIGINT' }).catch(() => undefined);
  }

  /** Kills and removes the container; safe to call more than once. */
  async destroy(): Promise<void> {
    if (this.removed) return;
    this.removed = true;
    this.stream.destroy();
    await this.container.remove({ force: true }).catch(() => undefined);
  }
}

async function createContainer(docker: DockerClient, options: Record<string, unknown>, pull: 'missing' | 'never'): Promise<ContainerHandle> {
  // dockerode would also copy every option into the query string (the runner's source included):
  // `_query`/`_body` send them once, as the JSON body the Engine API documents.
  const request = { _query: {}, _body: options };
  try {
    return await docker.createContainer(request);
  } catch (error) {
    if (pull === 'never' || (error as { statusCode?: number }).statusCode !== 404) throw error;
  }
  const stream = await docker.pull(String(options.Image));
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve()));
  });
  return await docker.createContainer(request);
}
