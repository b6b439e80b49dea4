import { executorMessage } from '../../prompts/executor-messages.js';

/**
 * Collects what an action prints, one line per print call, up to a character limit. Past the limit
 * the rest is dropped and a note says so once: a runaway print loop must not fill the host's memory
 * or the model's context.
 */
export class PrintBuffer {
  private readonly parts: string[] = [];
  private length = 0;
  private truncated = false;

  constructor(private readonly limit: number) {}

  append(text: string): void {
    if (this.truncated) return;
    const line = text + '\n';
    const room = this.limit - this.length;
    if (line.length <= room) {
      this.parts.push(line);
      this.length += line.length;
      return;
    }
    this.parts.push(line.slice(0, Math.max(0, room)), executorMessage('printTruncated', { limit: this.limit }), '\n');
    this.length = this.limit;
    this.truncated = true;
  }

  text(): string {
    return this.parts.join('');
  }
}
