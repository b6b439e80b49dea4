import { MissingDependencyError } from '../errors.js';
import { importOptional } from '../optional-dependency.js';
import { CliConfigurationError } from './cli-errors.js';

export interface OtlpExport {
  /** Where the spans go. */
  url: string;
  protocol: 'http/protobuf' | 'http/json';
  tracerProvider: { getTracer(name: string, version?: string): unknown };
  /** Sends the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

const FEATURE = 'Exporting traces (OTEL_EXPORTER_OTLP_ENDPOINT)';

/**
 * The CLI's tracer provider when the standard OpenTelemetry variables ask for one:
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (the full URL) or OTEL_EXPORTER_OTLP_ENDPOINT (a base, to which
 * /v1/traces is added), OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL (http/protobuf, the default, or
 * http/json) and OTEL_SERVICE_NAME (default "smolagent"). Headers and timeouts are read by the
 * exporter itself (OTEL_EXPORTER_OTLP_HEADERS, …). Undefined when no endpoint is set.
 */
export async function startOtlpExport(env: NodeJS.ProcessEnv): Promise<OtlpExport | undefined> {
  const url = tracesUrl(env);
  if (!url) return undefined;
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf';
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    throw new CliConfigurationError(`OTLP protocol '${protocol}' is not supported: set OTEL_EXPORTER_OTLP_PROTOCOL to http/protobuf (the default) or http/json.`);
  }
  try {
    const [{ BasicTracerProvider, BatchSpanProcessor }, { resourceFromAttributes }, { OTLPTraceExporter }] = await Promise.all([
      importOptional<typeof import('@opentelemetry/sdk-trace-base')>('@opentelemetry/sdk-trace-base', FEATURE),
      importOptional<typeof import('@opentelemetry/resources')>('@opentelemetry/resources', FEATURE),
      protocol === 'http/json'
        ? importOptional<typeof import('@opentelemetry/exporter-trace-otlp-http')>('@opentelemetry/exporter-trace-otlp-http', FEATURE)
        : importOptional<typeof import('@opentelemetry/exporter-trace-otlp-proto')>('@opentelemetry/exporter-trace-otlp-proto', FEATURE),
      importOptional('@opentelemetry/api', FEATURE),
    ]);
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || 'smolagent' }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
    });
    return { url, protocol, tracerProvider: provider, shutdown: () => provider.shutdown() };
  } catch (error) {
    if (error instanceof MissingDependencyError) throw new CliConfigurationError(error.message, { cause: error });
    throw error;
  }
}

function tracesUrl(env: NodeJS.ProcessEnv): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const url = traces || (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new CliConfigurationError(`The OTLP endpoint '${url}' is not an http(s) URL: check OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.`);
  }
  return url;
}
