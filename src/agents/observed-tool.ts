import type { Timing } from '../memory/steps.js';
import { DelegatingTool } from '../tools/delegating-tool.js';
import type { Tool, ToolContext } from '../tools/tool.js';

/** Told when an observed tool is called and when the call ends. */
export interface ToolCallListener {
  /** Returns the id the call is known by. */
  started(name: string, args: unknown): string;
  finished(id: string, name: string, outcome: { value: unknown } | { error: unknown }, timing: Timing): void;
}

/**
 * A tool that reports its calls: handed to a sandbox in place of the real one, so that the tools a
 * code action calls show up as events (with arguments, result and timing) like native tool calls.
 * Everything but `call` is the wrapped tool's own.
 */
export class ObservedTool extends DelegatingTool {
  /**
   * `current` names the tool to call at call time: the agent's entry for this name, which a durable
   * run may have wrapped after the sandbox got its tools.
   */
  constructor(
    inner: Tool,
    private readonly listener: () => ToolCallListener | undefined,
    private readonly current: () => Tool = () => inner,
  ) {
    super(inner);
  }

  override async call(args: unknown, context: ToolContext = {}): Promise<unknown> {
    const listener = this.listener();
    const target = this.current();
    if (!listener) return await target.call(args, context);
    const id = listener.started(this.name, args);
    const startTime = Date.now();
    const timing = (): Timing => {
      const endTime = Date.now();
      return { startTime, endTime, duration: endTime - startTime };
    };
    try {
      const value = await target.call(args, context);
      listener.finished(id, this.name, { value }, timing());
      return value;
    } catch (error) {
      listener.finished(id, this.name, { error }, timing());
      throw error;
    }
  }
}
