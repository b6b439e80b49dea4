import { open, type FileHandle } from 'node:fs/promises';
import type { AgentEvent } from '../agents/events.js';
import type { ObservedRun, RunContext, RunObserver, RunOutcome } from '../agents/run-observer.js';
import { eventLine, headerLine, RunRecordError, runEndLine } from './run-record.js';

/**
 * Writes every run of the agents it observes to one run-record file (see run-record.ts), line by
 * line as events happen, so that a run that crashes still leaves its log. The file is created (or
 * emptied) at the first run; later runs, concurrent ones included, are appended to it.
 *
 *   const agent = new CodeAgent({ model, observers: [new RunRecorder('run.jsonl')] });
 */
export class RunRecorder implements RunObserver {
  private file?: Promise<FileHandle> | undefined;
  /** Writes go out one after another, so lines never interleave within a line. */
  private writes: Promise<unknown> = Promise.resolve();
  private runs = 0;
  private openRuns = 0;
  private created = false;

  constructor(readonly path: string) {
    if (typeof path !== 'string' || path === '') throw new TypeError('RunRecorder needs the path of the file to write.');
  }

  /**
   * Creates the file (or reopens it for appending) if it is not open. Runs call it; call it first to
   * learn of an unwritable path before any model request is made.
   */
  async open(): Promise<void> {
    if (!this.file) {
      // 'w' the first time (a new record), 'a' when reopened for a later run.
      const flags = this.created ? 'a' : 'w';
      this.file = open(this.path, flags);
      this.created = true;
      // Queued before anything else can be, so it is the first line even with concurrent runs.
      if (flags === 'w') void this.write(() => headerLine()).catch(() => undefined);
    }
    const file = this.file;
    try {
      await file;
    } catch (error) {
      if (this.file === file) {
        this.file = undefined;
        this.created = false;
      }
      throw new RunRecordError(`Cannot write the run record to ${this.path}: ${(error as Error).message}`, { cause: error });
    }
    await this.writes;
  }

  async startRun({ agent }: RunContext): Promise<ObservedRun> {
    // Counted before opening, so that another run ending meanwhile does not close the file under this one.
    this.openRuns++;
    try {
      await this.open();
    } catch (error) {
      this.openRuns--;
      throw error;
    }
    const run = ++this.runs;
    return {
      event: (event: AgentEvent) => this.write(() => eventLine(event, { time: Date.now(), run }, agent)),
      end: async (outcome: RunOutcome) => {
        const time = Date.now();
        try {
          await this.write(() => runEndLine(outcome, { time, run }));
        } finally {
          if (--this.openRuns === 0) await this.close();
        }
      },
    };
  }

  /** Queues a line (computed now, so that it shows the event as it was) and returns when it is written. */
  private write(compute: () => string | undefined): Promise<void> {
    const text = compute();
    const file = this.file!;
    const written = this.writes.then(async () => {
      if (text !== undefined) await (await file).write(text);
    });
    this.writes = written.catch(() => undefined);
    return written;
  }

  private async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await (await file)?.close();
  }
}
