import type { MultiStepAgent } from '../../agents/multi-step-agent.js';
import { AgentAbortedError } from '../../errors.js';
import type { CodeLanguage } from '../../executors/executor.js';
import { describeFailure } from '../cli-errors.js';
import { UiMessageBuilder, type UiMessage } from './ui-messages.js';

/** Makes the agent of one browser session; called once per session (and again after a reset). */
export type AgentFactory = () => MultiStepAgent | Promise<MultiStepAgent>;

/** A task sent while the session's agent is still running one. */
export class SessionBusyError extends Error {
  override readonly name = 'SessionBusyError';
  constructor() {
    super('A run is already going: stop it first, or wait for its answer.');
  }
}

/** The messages kept for a page that (re)connects; older ones are dropped past this. */
const MAX_TRANSCRIPT = 5_000;

/**
 * One browser session: its own agent (made on the first task), the transcript of what the page
 * showed, and the pages listening. Tasks follow up on each other (memory is kept) until a reset,
 * which disposes the agent: the next task starts with a fresh one, memory and sandbox alike.
 */
export class UiSession {
  lastSeen = Date.now();
  private agent?: Promise<MultiStepAgent> | undefined;
  private readonly transcript: UiMessage[] = [];
  private readonly listeners = new Set<(message: UiMessage) => void>();
  private controller?: AbortController | undefined;
  private running?: Promise<void> | undefined;

  constructor(
    readonly id: string,
    private readonly createAgent: AgentFactory,
  ) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** What a page shows when it connects: everything so far. */
  snapshot(): { messages: UiMessage[]; running: boolean } {
    return { messages: [...this.transcript], running: this.isRunning };
  }

  subscribe(listener: (message: UiMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a run in the background; its events reach the listeners as they happen. */
  start(task: string, additionalArgs: Record<string, unknown> | undefined, fileNames: string[]): void {
    if (this.running) throw new SessionBusyError();
    const controller = new AbortController();
    this.controller = controller;
    this.emit({ kind: 'task', text: task, files: fileNames });
    this.emit({ kind: 'status', running: true });
    this.running = this.run(task, additionalArgs, controller.signal).finally(() => {
      this.running = undefined;
      this.controller = undefined;
      this.emit({ kind: 'status', running: false });
    });
  }

  /** Aborts the run in progress; true if there was one. */
  stop(): boolean {
    if (!this.controller) return false;
    this.controller.abort(new Error('Stopped from the web UI.'));
    return true;
  }

  /** Stops any run, forgets the conversation and disposes the agent. */
  async reset(): Promise<void> {
    this.stop();
    await this.running;
    await this.disposeAgent();
    this.transcript.length = 0;
    this.emit({ kind: 'reset' });
  }

  async dispose(): Promise<void> {
    this.stop();
    await this.running;
    await this.disposeAgent();
    this.listeners.clear();
  }

  private async run(task: string, additionalArgs: Record<string, unknown> | undefined, signal: AbortSignal): Promise<void> {
    try {
      this.agent ??= Promise.resolve().then(this.createAgent);
      const agent = await this.agent.catch((error: unknown) => {
        this.agent = undefined; // the next task tries again
        throw error;
      });
      const builder = new UiMessageBuilder((agent as { language?: CodeLanguage }).language ?? 'javascript');
      for await (const event of agent.stream(task, { reset: false, additionalArgs, signal })) {
        for (const message of builder.convert(event)) this.emit(message);
      }
    } catch (error) {
      if (error instanceof AgentAbortedError || signal.aborted) this.emit({ kind: 'notice', text: 'Stopped. The agent keeps its memory up to here.' });
      else this.emit({ kind: 'error', text: describeFailure(error).message });
    }
  }

  private async disposeAgent(): Promise<void> {
    const agent = this.agent;
    this.agent = undefined;
    await (await agent?.catch(() => undefined))?.dispose().catch(() => undefined);
  }

  private emit(message: UiMessage): void {
    // Streamed tokens and run status are live-only: a page that reconnects gets the settled messages.
    if (message.kind !== 'delta' && message.kind !== 'status' && message.kind !== 'reset') {
      this.transcript.push(message);
      if (this.transcript.length > MAX_TRANSCRIPT) this.transcript.splice(0, this.transcript.length - MAX_TRANSCRIPT);
    }
    for (const listener of this.listeners) listener(message);
  }
}
