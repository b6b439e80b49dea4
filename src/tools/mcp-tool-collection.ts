import type { JsonSchema } from '../models/model.js';
import { importOptional } from '../optional-dependency.js';
import { Tool, type ToolContext, type ToolOutputType } from './tool.js';

/** An MCP server started as a child process and spoken to over its stdio. */
export interface McpStdioServer {
  command: string;
  args?: string[] | undefined;
  /** Added to the SDK's safe default environment (PATH, HOME, …), not to the whole parent environment. */
  env?: Record<string, string> | undefined;
  cwd?: string | undefined;
}

/** An MCP server reached over HTTP (streamable HTTP, or the older SSE transport). */
export interface McpHttpServer {
  url: string;
  transport?: 'streamable-http' | 'sse' | undefined;
  headers?: Record<string, string> | undefined;
}

export type McpServer = McpStdioServer | McpHttpServer;

/** How a missing MCP SDK is reported (MissingDependencyError names the install command). */
const FEATURE = 'ToolCollection.fromMcp';

/** The part of the MCP SDK client this module uses. */
interface McpClient {
  callTool(
    params: { name: string; arguments?: Record<string, unknown> },
    resultSchema?: undefined,
    options?: { signal?: AbortSignal },
  ): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

interface McpToolDescription {
  name: string;
  description?: string | undefined;
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema | undefined;
}

/**
 * The tools of an MCP server as agent tools, like smolagents' `ToolCollection.from_mcp`.
 * Close it when done (or use `await using`) to stop the server process.
 */
export class ToolCollection implements AsyncDisposable {
  private constructor(
    readonly tools: Tool[],
    private readonly client: McpClient,
  ) {}

  static async fromMcp(server: McpServer, options: { clientName?: string } = {}): Promise<ToolCollection> {
    // Loaded on demand: the MCP SDK is only needed by users of MCP servers.
    const { Client } = await importOptional<typeof import('@modelcontextprotocol/sdk/client/index.js')>('@modelcontextprotocol/sdk/client/index.js', FEATURE);
    const client = new Client({ name: options.clientName ?? 'smolagents-ts', version: '0.1.0' });
    await client.connect(await createTransport(server));
    try {
      const tools: McpToolDescription[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined);
        tools.push(...(page.tools as McpToolDescription[]));
        cursor = page.nextCursor;
      } while (cursor);
      const mcpClient = client as unknown as McpClient;
      return new ToolCollection(tools.map((description) => new McpTool(description, mcpClient)), mcpClient);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

async function createTransport(server: McpServer) {
  if ('command' in server) {
    const { StdioClientTransport, getDefaultEnvironment } = await importOptional<typeof import('@modelcontextprotocol/sdk/client/stdio.js')>('@modelcontextprotocol/sdk/client/stdio.js', FEATURE);
    return new StdioClientTransport({
      command: server.command,
      ...(server.args ? { args: server.args } : {}),
      ...(server.cwd !== undefined ? { cwd: server.cwd } : {}),
      env: { ...getDefaultEnvironment(), ...server.env },
      stderr: 'inherit',
    });
  }
  const url = new URL(server.url);
  const options = server.headers ? { requestInit: { headers: server.headers } } : {};
  if (server.transport === 'sse') {
    const { SSEClientTransport } = await importOptional<typeof import('@modelcontextprotocol/sdk/client/sse.js')>('@modelcontextprotocol/sdk/client/sse.js', FEATURE);
    return new SSEClientTransport(url, options);
  }
  const { StreamableHTTPClientTransport } = await importOptional<typeof import('@modelcontextprotocol/sdk/client/streamableHttp.js')>('@modelcontextprotocol/sdk/client/streamableHttp.js', FEATURE);
  return new StreamableHTTPClientTransport(url, options);
}

/** One tool of an MCP server. Calls go to the server; its error results become thrown errors. */
export class McpTool extends Tool<Record<string, unknown>, unknown> {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: JsonSchema;
  override readonly outputType: ToolOutputType;
  declare readonly outputSchema?: JsonSchema;

  constructor(
    private readonly remote: McpToolDescription,
    private readonly client: McpClient,
  ) {
    super();
    // MCP tool names may contain '-' or '.'; the agent calls tools as functions.
    this.name = remote.name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1');
    this.description = remote.description ?? remote.name;
    this.inputSchema = remote.inputSchema;
    this.outputType = remote.outputSchema ? 'object' : 'string';
    if (remote.outputSchema) this.outputSchema = remote.outputSchema;
  }

  async forward(args: Record<string, unknown>, { signal }: ToolContext): Promise<unknown> {
    const result = await this.client.callTool({ name: this.remote.name, arguments: args }, undefined, signal ? { signal } : {});
    const text = contentAsText(result.content);
    if (result.isError) throw new Error(text || `The MCP tool '${this.remote.name}' failed.`);
    if (result.structuredContent !== undefined) return result.structuredContent;
    return text;
  }
}

function contentAsText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content
    .map((part: Record<string, unknown>) => {
      if (part.type === 'text') return String(part.text);
      if (part.type === 'resource' && typeof (part.resource as Record<string, unknown>)?.text === 'string') {
        return String((part.resource as Record<string, unknown>).text);
      }
      return `[${String(part.type)}${part.mimeType ? `: ${String(part.mimeType)}` : ''}]`;
    })
    .join('\n');
}
