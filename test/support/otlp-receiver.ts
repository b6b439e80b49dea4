/**
 * A real OTLP/HTTP trace receiver for tests: it listens on 127.0.0.1, accepts
 * `POST /v1/traces` as binary protobuf (`application/x-protobuf`, the OTLP default) or as OTLP/JSON
 * (`application/json`), decodes ExportTraceServiceRequest from either, and keeps the spans.
 *
 * The protobuf side is a small wire-format reader (varints, fixed64, length-delimited fields) with
 * the field numbers of opentelemetry/proto/{collector/trace,trace,common,resource}/v1/*.proto.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type AttributeValue = string | number | boolean | AttributeValue[] | { [key: string]: AttributeValue } | Uint8Array | null;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, AttributeValue>;
  events: { name: string; attributes: Record<string, AttributeValue> }[];
  /** 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
  scope: string;
  resource: Record<string, AttributeValue>;
}

export interface OtlpReceiver {
  /** The base to set as OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  endpoint: string;
  spans: ReceivedSpan[];
  /** The content types of the requests received, in order. */
  contentTypes: string[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const contentTypes: string[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
      contentTypes.push(type);
      try {
        if (type === 'application/x-protobuf') spans.push(...decodeProtobufRequest(body));
        else if (type === 'application/json') spans.push(...decodeJsonRequest(JSON.parse(body.toString('utf8'))));
        else {
          res.writeHead(415).end();
          return;
        }
      } catch (error) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
        return;
      }
      // An empty ExportTraceServiceResponse: zero bytes in protobuf, {} in JSON.
      if (type === 'application/json') res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    contentTypes,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// ---- protobuf ----

type Field = { number: number; wireType: number; varint?: bigint; bytes?: Uint8Array };

/** Splits one message into its fields; repeated fields appear once per occurrence. */
function fields(buffer: Uint8Array): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (at >= buffer.length) throw new Error('truncated varint');
      const byte = buffer[at++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  const take = (length: number): Uint8Array => {
    if (at + length > buffer.length) throw new Error('truncated field');
    const slice = buffer.subarray(at, at + length);
    at += length;
    return slice;
  };
  while (at < buffer.length) {
    const key = Number(varint());
    const number = key >>> 3;
    const wireType = key & 7;
    if (wireType === 0) out.push({ number, wireType, varint: varint() });
    else if (wireType === 1) out.push({ number, wireType, bytes: take(8) });
    else if (wireType === 2) out.push({ number, wireType, bytes: take(Number(varint())) });
    else if (wireType === 5) out.push({ number, wireType, bytes: take(4) });
    else throw new Error(`unsupported wire type ${wireType}`);
  }
  return out;
}

const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('hex');
const fixed64 = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).readBigUInt64LE(0) : 0n);
const all = (list: Field[], number: number) => list.filter((field) => field.number === number);
const one = (list: Field[], number: number) => all(list, number).at(-1);

function decodeProtobufRequest(body: Uint8Array): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of all(fields(body), 1)) {
    const resourceFields = fields(resourceSpans.bytes!);
    const resource = one(resourceFields, 1);
    const resourceAttributes = resource ? keyValues(all(fields(resource.bytes!), 1)) : {};
    for (const scopeSpans of all(resourceFields, 2)) {
      const scopeFields = fields(scopeSpans.bytes!);
      const scope = one(scopeFields, 1);
      const scopeName = scope ? text(one(fields(scope.bytes!), 1)?.bytes) : '';
      for (const span of all(scopeFields, 2)) spans.push(decodeProtobufSpan(fields(span.bytes!), scopeName, resourceAttributes));
    }
  }
  return spans;
}

function decodeProtobufSpan(span: Field[], scope: string, resource: Record<string, AttributeValue>): ReceivedSpan {
  const status = one(span, 15);
  const statusFields = status ? fields(status.bytes!) : [];
  return {
    traceId: hex(one(span, 1)?.bytes),
    spanId: hex(one(span, 2)?.bytes),
    parentSpanId: hex(one(span, 4)?.bytes),
    name: text(one(span, 5)?.bytes),
    kind: Number(one(span, 6)?.varint ?? 0n),
    startTimeUnixNano: fixed64(one(span, 7)?.bytes),
    endTimeUnixNano: fixed64(one(span, 8)?.bytes),
    attributes: keyValues(all(span, 9)),
    events: all(span, 11).map((event) => {
      const eventFields = fields(event.bytes!);
      return { name: text(one(eventFields, 2)?.bytes), attributes: keyValues(all(eventFields, 3)) };
    }),
    status: { message: text(one(statusFields, 2)?.bytes), code: Number(one(statusFields, 3)?.varint ?? 0n) },
    scope,
    resource,
  };
}

function keyValues(list: Field[]): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const keyValue of list) {
    const pair = fields(keyValue.bytes!);
    const value = one(pair, 2);
    out[text(one(pair, 1)?.bytes)] = value ? anyValue(fields(value.bytes!)) : null;
  }
  return out;
}

function anyValue(value: Field[]): AttributeValue {
  const field = value.at(-1);
  if (!field) return null;
  switch (field.number) {
    case 1:
      return text(field.bytes);
    case 2:
      return field.varint !== 0n;
    case 3:
      return Number(BigInt.asIntN(64, field.varint!));
    case 4:
      return Buffer.from(field.bytes!).readDoubleLE(0);
    case 5:
      return all(fields(field.bytes!), 1).map((item) => anyValue(fields(item.bytes!)));
    case 6:
      return keyValues(all(fields(field.bytes!), 1));
    case 7:
      return field.bytes!;
    default:
      throw new Error(`unknown AnyValue field ${field.number}`);
  }
}

// ---- JSON ----

/* eslint-disable @typescript-eslint/no-explicit-any */
function decodeJsonRequest(body: any): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of body.resourceSpans ?? []) {
    const resource = jsonKeyValues(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        spans.push({
          traceId: span.traceId ?? '',
          spanId: span.spanId ?? '',
          parentSpanId: span.parentSpanId ?? '',
          name: span.name ?? '',
          kind: Number(span.kind ?? 0),
          startTimeUnixNano: BigInt(span.startTimeUnixNano ?? 0),
          endTimeUnixNano: BigInt(span.endTimeUnixNano ?? 0),
          attributes: jsonKeyValues(span.attributes),
          events: (span.events ?? []).map((event: any) => ({ name: event.name, attributes: jsonKeyValues(event.attributes) })),
          status: { code: Number(span.status?.code ?? 0), message: span.status?.message ?? '' },
          scope: scopeSpans.scope?.name ?? '',
          resource,
        });
      }
    }
  }
  return spans;
}

function jsonKeyValues(list: any[] | undefined): Record<string, AttributeValue> {
  return Object.fromEntries((list ?? []).map((pair) => [pair.key, jsonAnyValue(pair.value)]));
}

function jsonAnyValue(value: any): AttributeValue {
  if (!value) return null;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('arrayValue' in value) return (value.arrayValue.values ?? []).map(jsonAnyValue);
  if ('kvlistValue' in value) return jsonKeyValues(value.kvlistValue.values);
  if ('bytesValue' in value) return Buffer.from(value.bytesValue, 'base64');
  return null;
}
