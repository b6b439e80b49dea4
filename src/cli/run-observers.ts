import type { RunObserver } from '../agents/run-observer.js';
import { CliConfigurationError } from './cli-errors.js';

export interface CliObservers {
  observers: RunObserver[];
  /** Flushes what is buffered (spans) and closes files; call before the process exits. */
  shutdown(): Promise<void>;
}

/**
 * The observers a command line asks for: a run record with --record FILE, OpenTelemetry spans
 * exported over OTLP/HTTP when the standard OTEL_EXPORTER_OTLP_*ENDPOINT variables are set.
 * Problems show up here, before any model request: an unwritable record, a missing SDK package.
 */
export async function createCliObservers(options: { record?: string | undefined }, env: NodeJS.ProcessEnv): Promise<CliObservers> {
  const observers: RunObserver[] = [];
  const shutdowns: (() => Promise<void>)[] = [];
  if (options.record !== undefined) {
    const { RunRecorder } = await import('../telemetry/run-recorder.js');
    const recorder = new RunRecorder(options.record);
    try {
      await recorder.open();
    } catch (error) {
      throw new CliConfigurationError(`${(error as Error).message} (--record)`);
    }
    observers.push(recorder);
  }
  const otlp = env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? await (await import('./otlp-export.js')).startOtlpExport(env) : undefined;
  if (otlp) {
    const { OpenTelemetryObserver } = await import('../telemetry/open-telemetry-observer.js');
    // The variable the OpenTelemetry GenAI instrumentations use for the same opt-in.
    const captureContent = env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT?.toLowerCase() === 'true';
    observers.push(new OpenTelemetryObserver({ tracerProvider: otlp.tracerProvider, captureContent }));
    shutdowns.push(otlp.shutdown);
  }
  return {
    observers,
    shutdown: async () => {
      await Promise.allSettled(shutdowns.map((shutdown) => shutdown()));
    },
  };
}
