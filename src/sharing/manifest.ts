import { SharedFolderError } from './sharing-errors.js';

/**
 * The saved-folder format (docs/sharing.md). `agent.json` describes an agent, `tool.json` a single
 * tool; both carry `formatVersion`, raised whenever a reader of the old version would misread a
 * new folder. Manifests may come from anyone (the Hub), so parsing checks every field.
 */
export const FORMAT_VERSION = 1;
export const AGENT_MANIFEST = 'agent.json';
export const TOOL_MANIFEST = 'tool.json';

export type AgentClassName = 'CodeAgent' | 'ToolCallingAgent';
export type ExecutorKind = 'quickjs' | 'pyodide' | 'docker' | 'e2b' | 'custom';
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A tool: one of the library's own tools by name, or an export of an ES module in the folder. */
export type ToolEntry = BuiltinToolEntry | ModuleToolEntry;
export interface BuiltinToolEntry {
  name: string;
  /** A default tool's name (web_search, visit_webpage...): made by the library itself. */
  builtin: string;
}
export interface ModuleToolEntry {
  name: string;
  /** The module's path inside the folder. */
  module: string;
  /** Which export is the tool: "default" or a name. */
  export: string;
}

export interface ModelDescriptor {
  /** The model class, e.g. "OpenAIServerModel". */
  class: string;
  modelId: string;
  /** InferenceClientModel's provider, when one was chosen. */
  provider?: string | undefined;
}

export interface ExecutorDescriptor {
  kind: ExecutorKind;
  /** The executor's class (informative; required to understand a 'custom' one). */
  class: string;
  language: 'javascript' | 'python';
  /** The executor's own options: limits, image, authorized imports. Never secrets. */
  settings: Record<string, JsonValue>;
}

export interface AgentOptionsManifest {
  maxSteps: number;
  planningInterval?: number | undefined;
  instructions?: string | undefined;
  streamOutputs?: boolean | undefined;
  /** Code agents only. */
  maxOutputChars?: number | undefined;
  additionalAuthorizedImports?: string[] | undefined;
}

export interface AgentManifest {
  formatVersion: number;
  /** "smolagents-ts 0.1.0": which library wrote the folder. */
  savedBy: string;
  class: AgentClassName;
  name: string;
  description: string;
  options: AgentOptionsManifest;
  /** Only the templates that differ from the agent type's defaults; groups key by key. */
  promptTemplates: Record<string, string | Record<string, string>>;
  /** Code agents only. */
  executor?: ExecutorDescriptor | undefined;
  model: ModelDescriptor;
  tools: ToolEntry[];
  /** Each managed agent is a saved agent folder of its own, inside this one. */
  managedAgents: { name: string; folder: string }[];
}

export interface ToolManifest {
  formatVersion: number;
  savedBy: string;
  tool: ToolEntry;
}

const EXECUTOR_KINDS: readonly ExecutorKind[] = ['quickjs', 'pyodide', 'docker', 'e2b', 'custom'];
const MODULE_EXTENSIONS = /\.(?:m?js|m?ts)$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_TEXT = 200_000;

/** Parses `agent.json`; every problem names the field, so a hand-edited manifest is easy to fix. */
export function parseAgentManifest(text: string, location: string): AgentManifest {
  const read = new ManifestReader(parseJson(text, location), location);
  read.formatVersion();
  const manifest: AgentManifest = {
    formatVersion: FORMAT_VERSION,
    savedBy: read.text('savedBy', { optional: true }) ?? 'unknown',
    class: read.oneOf('class', ['CodeAgent', 'ToolCallingAgent'] as const),
    name: read.text('name'),
    description: read.text('description', { optional: true }) ?? '',
    options: read.options(),
    promptTemplates: read.promptTemplates(),
    model: read.model(),
    tools: read.list('tools', (value, field) => read.toolEntry(value, field)),
    managedAgents: read.list('managedAgents', (value, field) => ({
      name: read.identifier(objectAt(value, field, location).name, `${field}.name`),
      folder: read.relativePath(objectAt(value, field, location).folder, `${field}.folder`),
    })),
  };
  if (read.has('executor')) manifest.executor = read.executor();
  return manifest;
}

/** Parses `tool.json`. */
export function parseToolManifest(text: string, location: string): ToolManifest {
  const read = new ManifestReader(parseJson(text, location), location);
  read.formatVersion();
  return {
    formatVersion: FORMAT_VERSION,
    savedBy: read.text('savedBy', { optional: true }) ?? 'unknown',
    tool: read.toolEntry(read.value('tool'), 'tool'),
  };
}

/** Paths inside a saved folder: relative, plain segments, never leaving the folder. */
export function assertRelativePath(path: unknown, field: string, location: string): string {
  const segments = typeof path === 'string' ? path.split('/') : [];
  const valid =
    typeof path === 'string' &&
    path.length > 0 &&
    path.length <= 200 &&
    segments.length <= 8 &&
    segments.every((segment) => /^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(segment) && segment !== '..');
  if (!valid) {
    throw new SharedFolderError(`${location}: ${field} must be a relative path inside the folder (plain names separated by '/'), got ${describeValue(path)}.`, location);
  }
  return path as string;
}

function parseJson(text: string, location: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SharedFolderError(`${location} is not valid JSON: ${(error as Error).message}`, location, { cause: error });
  }
  return objectAt(value, '(the manifest)', location);
}

function objectAt(value: unknown, field: string, location: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SharedFolderError(`${location}: ${field} must be an object, got ${describeValue(value)}.`, location);
  }
  return value as Record<string, unknown>;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

class ManifestReader {
  constructor(
    private readonly object: Record<string, unknown>,
    private readonly location: string,
  ) {}

  has(field: string): boolean {
    return this.object[field] !== undefined;
  }

  value(field: string): unknown {
    return this.object[field];
  }

  formatVersion(): void {
    const version = this.object.formatVersion;
    if (version === undefined) {
      throw new SharedFolderError(`${this.location} has no formatVersion: it was not written by smolagents-ts' save().`, this.location);
    }
    if (!Number.isInteger(version) || (version as number) < 1) {
      throw new SharedFolderError(`${this.location}: formatVersion must be a positive integer, got ${describeValue(version)}.`, this.location);
    }
    if ((version as number) > FORMAT_VERSION) {
      throw new SharedFolderError(
        `${this.location} has formatVersion ${String(version)}, newer than this smolagents-ts reads (${FORMAT_VERSION}): upgrade smolagents-ts to load it.`,
        this.location,
      );
    }
  }

  fail(field: string, expected: string, value: unknown): never {
    throw new SharedFolderError(`${this.location}: ${field} must be ${expected}, got ${describeValue(value)}.`, this.location);
  }

  text(field: string, options: { optional: true }): string | undefined;
  text(field: string): string;
  text(field: string, options: { optional?: boolean } = {}): string | undefined {
    return this.textAt(this.object[field], field, options.optional);
  }

  textAt(value: unknown, field: string, optional = false): string | undefined {
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'string' || value.length > MAX_TEXT) this.fail(field, `a string (at most ${MAX_TEXT} characters)`, value);
    return value;
  }

  identifier(value: unknown, field: string): string {
    if (typeof value !== 'string' || !IDENTIFIER.test(value)) this.fail(field, 'an identifier (letters, digits, underscores)', value);
    return value;
  }

  relativePath(value: unknown, field: string): string {
    return assertRelativePath(value, field, this.location);
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], value: unknown = this.object[field]): T {
    if (!allowed.includes(value as T)) this.fail(field, `one of ${allowed.join(', ')}`, value);
    return value as T;
  }

  positiveInteger(value: unknown, field: string): number {
    if (!Number.isInteger(value) || (value as number) < 1) this.fail(field, 'a positive integer', value);
    return value as number;
  }

  list<T>(field: string, item: (value: unknown, field: string) => T): T[] {
    const value = this.object[field] ?? [];
    if (!Array.isArray(value) || value.length > 500) this.fail(field, 'a list (at most 500 items)', value);
    return value.map((entry, index) => item(entry, `${field}[${index}]`));
  }

  options(): AgentOptionsManifest {
    const options = objectAt(this.object.options ?? {}, 'options', this.location);
    const result: AgentOptionsManifest = { maxSteps: this.positiveInteger(options.maxSteps ?? 20, 'options.maxSteps') };
    if (options.planningInterval !== undefined) result.planningInterval = this.positiveInteger(options.planningInterval, 'options.planningInterval');
    if (options.maxOutputChars !== undefined) result.maxOutputChars = this.positiveInteger(options.maxOutputChars, 'options.maxOutputChars');
    if (options.instructions !== undefined) result.instructions = this.textAt(options.instructions, 'options.instructions');
    if (options.streamOutputs !== undefined) {
      if (typeof options.streamOutputs !== 'boolean') this.fail('options.streamOutputs', 'true or false', options.streamOutputs);
      result.streamOutputs = options.streamOutputs;
    }
    if (options.additionalAuthorizedImports !== undefined) {
      const imports = options.additionalAuthorizedImports;
      if (!Array.isArray(imports) || !imports.every((name) => typeof name === 'string' && name.length <= 214)) {
        this.fail('options.additionalAuthorizedImports', 'a list of package names', imports);
      }
      result.additionalAuthorizedImports = imports as string[];
    }
    return result;
  }

  promptTemplates(): Record<string, string | Record<string, string>> {
    const templates = objectAt(this.object.promptTemplates ?? {}, 'promptTemplates', this.location);
    const result: Record<string, string | Record<string, string>> = {};
    for (const [key, value] of Object.entries(templates)) {
      const field = `promptTemplates.${key}`;
      if (typeof value === 'string') result[key] = this.textAt(value, field)!;
      else {
        const group = objectAt(value, field, this.location);
        result[key] = Object.fromEntries(Object.entries(group).map(([name, text]) => [name, this.textAt(text, `${field}.${name}`)!]));
      }
    }
    return result;
  }

  model(): ModelDescriptor {
    const model = objectAt(this.object.model, 'model', this.location);
    const descriptor: ModelDescriptor = {
      class: this.identifier(model.class, 'model.class'),
      modelId: this.textAt(model.modelId, 'model.modelId')!,
    };
    if (model.provider !== undefined) descriptor.provider = this.textAt(model.provider, 'model.provider');
    return descriptor;
  }

  executor(): ExecutorDescriptor {
    const executor = objectAt(this.object.executor, 'executor', this.location);
    const settings = objectAt(executor.settings ?? {}, 'executor.settings', this.location) as Record<string, JsonValue>;
    return {
      kind: this.oneOf('executor.kind', EXECUTOR_KINDS, executor.kind),
      class: this.identifier(executor.class, 'executor.class'),
      language: this.oneOf('executor.language', ['javascript', 'python'] as const, executor.language),
      settings,
    };
  }

  toolEntry(value: unknown, field: string): ToolEntry {
    const entry = objectAt(value, field, this.location);
    const name = this.identifier(entry.name, `${field}.name`);
    if (entry.builtin !== undefined) return { name, builtin: this.identifier(entry.builtin, `${field}.builtin`) };
    const module = this.relativePath(entry.module, `${field}.module`);
    if (!MODULE_EXTENSIONS.test(module)) this.fail(`${field}.module`, 'a .js, .mjs, .ts or .mts file', module);
    const exported = entry.export ?? 'default';
    if (exported !== 'default') this.identifier(exported, `${field}.export`);
    return { name, module, export: exported as string };
  }
}
