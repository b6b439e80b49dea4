import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod/v4';
import { defaultToolPrompts } from '../prompts/default-tools.js';
import { renderPrompt } from '../prompts/template.js';
import { Tool, type ToolContext } from './tool.js';

const prompts = defaultToolPrompts.userInput;

/** End of input was reached while waiting for an answer: nobody is there to reply. */
export class UserInputClosedError extends Error {
  override readonly name: string = 'UserInputClosedError';
}

interface Waiter {
  resolve: (line: string) => void;
  reject: (error: unknown) => void;
}

/**
 * Reads lines from a stream, one per `readLine()`, keeping what arrives early. A new readline
 * interface per question would drop lines already buffered from a pipe, so every reader of the
 * same stream shares one of these (see `lineReaderFor`). The stream is paused between questions
 * so that it never keeps the process alive on its own.
 */
export class LineReader {
  private buffer = '';
  private readonly lines: string[] = [];
  private readonly waiters: Waiter[] = [];
  private ended = false;
  private failure?: unknown | undefined;
  private listening = false;
  /** Keeps a multi-byte character split across chunks whole, without changing the stream's encoding. */
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly input: Readable) {}

  readLine(signal?: AbortSignal): Promise<string> {
    signal?.throwIfAborted();
    const ready = this.lines.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.ended) return Promise.reject(this.endError());
    return new Promise<string>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        if (this.waiters.length === 0) this.input.pause();
        reject(signal!.reason);
      };
      const waiter: Waiter = {
        resolve: (line) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(line);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.listen();
      this.input.resume();
    });
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.input.on('data', (chunk: string | Buffer) => this.onData(typeof chunk === 'string' ? chunk : this.decoder.write(chunk)));
    this.input.on('end', () => this.onEnd());
    this.input.on('error', (error) => {
      this.failure = error;
      this.onEnd();
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      this.lines.push(this.buffer.slice(0, newline).replace(/\r$/, ''));
      this.buffer = this.buffer.slice(newline + 1);
    }
    this.deliver();
  }

  private onEnd(): void {
    if (this.ended) return;
    this.ended = true;
    this.buffer += this.decoder.end();
    // A last line without a newline is still an answer.
    if (this.buffer !== '') this.lines.push(this.buffer);
    this.buffer = '';
    this.deliver();
    for (const waiter of this.waiters.splice(0)) waiter.reject(this.endError());
  }

  private deliver(): void {
    while (this.waiters.length > 0 && this.lines.length > 0) this.waiters.shift()!.resolve(this.lines.shift()!);
    if (this.waiters.length === 0) this.input.pause();
  }

  private endError(): Error {
    const detail = this.failure instanceof Error ? renderPrompt(prompts.inputClosedDetailFragment, { message: this.failure.message }) : '';
    return new UserInputClosedError(renderPrompt(prompts.inputClosed, { detail }));
  }
}

const readers = new WeakMap<Readable, LineReader>();

/** The shared reader of a stream: every UserInputTool (and anyone else) reading stdin takes this one. */
export function lineReaderFor(input: Readable): LineReader {
  let reader = readers.get(input);
  if (!reader) {
    reader = new LineReader(input);
    readers.set(input, reader);
  }
  return reader;
}

export interface UserInputToolOptions {
  /** Where answers are read from. Default: process.stdin. */
  input?: Readable | undefined;
  /** Where the question is written. Default: process.stderr, so that stdout keeps only results. */
  output?: Writable | undefined;
}

const inputSchema = z.object({
  question: z.string().min(1).describe(prompts.questionParameter),
});

type UserInputArgs = z.output<typeof inputSchema>;

/** Asks the human a question on the terminal and returns their one-line answer. */
export class UserInputTool extends Tool<UserInputArgs, string> {
  readonly name = 'user_input';
  readonly description = prompts.description;
  readonly inputSchema = inputSchema;
  override readonly outputType = 'string';
  private readonly input?: Readable | undefined;
  private readonly output?: Writable | undefined;

  constructor(options: UserInputToolOptions = {}) {
    super();
    this.input = options.input;
    this.output = options.output;
  }

  async forward({ question }: UserInputArgs, { signal }: ToolContext = {}): Promise<string> {
    const output = this.output ?? process.stderr;
    output.write(renderPrompt(prompts.ask, { question: question.trimEnd() }));
    const answer = await lineReaderFor(this.input ?? process.stdin).readLine(signal);
    return answer.trim();
  }
}
