import type { ObservedRun, RunContext, RunObserver } from '../agents/run-observer.js';
import { importOptional } from '../optional-dependency.js';
import { packageVersion } from '../package-version.js';

export interface OpenTelemetryObserverOptions {
  /**
   * An OpenTelemetry TracerProvider (e.g. a `BasicTracerProvider` of `@opentelemetry/sdk-trace-base`);
   * default: the global one, set with `trace.setGlobalTracerProvider` or by `@opentelemetry/sdk-node`.
   */
  tracerProvider?: { getTracer(name: string, version?: string): unknown } | undefined;
  /**
   * Put what the model read and wrote into the spans: messages, code, tool arguments and results,
   * the task and the answer. Off by default: they can hold private data.
   */
  captureContent?: boolean | undefined;
}

/** The instrumentation scope the spans carry. */
export const TRACER_NAME = 'smolagents-ts';

/**
 * Turns every run of the agents it observes into OpenTelemetry spans following the GenAI semantic
 * conventions (see run-spans.ts for the tree). Needs `@opentelemetry/api` (an optional peer) and a
 * tracer provider of your choice: spans go wherever your provider sends them.
 *
 *   const agent = new CodeAgent({ model, observers: [new OpenTelemetryObserver()] });
 */
export class OpenTelemetryObserver implements RunObserver {
  private readonly options: OpenTelemetryObserverOptions;

  constructor(options: OpenTelemetryObserverOptions = {}) {
    this.options = options;
  }

  async startRun(context: RunContext): Promise<ObservedRun> {
    const api = await importOptional<typeof import('@opentelemetry/api')>('@opentelemetry/api', 'OpenTelemetryObserver');
    const { RunSpans } = await import('./run-spans.js');
    const provider = (this.options.tracerProvider ?? api.trace.getTracerProvider()) as import('@opentelemetry/api').TracerProvider;
    const tracer = provider.getTracer(TRACER_NAME, packageVersion());
    return new RunSpans(api, tracer, context, this.options.captureContent ?? false);
  }
}
