/**
 * A local model run in-process with transformers.js (@huggingface/transformers, ONNX Runtime),
 * loaded on first use: the counterpart of smolagents' `TransformersModel`. Any Hub repository with
 * ONNX weights (e.g. "onnx-community/Qwen2.5-0.5B-Instruct") or a local folder laid out the same way
 * (config.json, tokenizer.json, tokenizer_config.json with a chat template, onnx/model*.onnx).
 *
 * No native tool calling: tool definitions go to the chat template, and a JSON tool call in the
 * generated text ({"name": ..., "arguments": ...}, bare or in <tool_call> tags) is parsed back.
 * Text only: each image in the messages becomes a line of text saying so (`imagePlaceholder`).
 */
import { ModelError } from '../errors.js';
import { assertInstalled, importOptional } from '../optional-dependency.js';
import { imageMessages } from '../prompts/image-messages.js';
import { contentParts } from './message-content.js';
import type { ChatMessage, ChatMessageStreamDelta, GenerateOptions, Model, ModelReply, TokenUsage } from './model.js';
import { clientSideStops } from './stop-sequences.js';
import { parseToolCallsFromText } from './text-tool-calls.js';

type Transformers = typeof import('@huggingface/transformers');
type Tokenizer = Awaited<ReturnType<Transformers['AutoTokenizer']['from_pretrained']>>;
type CausalLM = Awaited<ReturnType<Transformers['AutoModelForCausalLM']['from_pretrained']>>;
type PretrainedOptions = import('@huggingface/transformers').PretrainedModelOptions;

/** Where transformers.js runs the model (our own names for its devices: no optional types in the API). */
export type TransformersDevice = 'auto' | 'cpu' | 'gpu' | 'wasm' | 'webgpu' | 'cuda' | 'dml' | 'coreml' | 'webnn' | (string & {});
/** Which ONNX weights are loaded (onnx/model_q4.onnx for 'q4', …). */
export type TransformersDtype = 'auto' | 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'bnb4' | 'q4f16' | (string & {});

export interface TransformersModelOptions {
  /** A Hub repository id with ONNX weights, or a path to a local folder with the same layout. */
  modelId: string;
  /** "cpu" (default in Node), "webgpu", "cuda", "dml"... as transformers.js accepts. */
  device?: TransformersDevice | undefined;
  /** "fp32", "fp16", "q8", "q4"... selects which ONNX file is loaded (onnx/model_q4.onnx...). */
  dtype?: TransformersDtype | undefined;
  /** Upper bound on generated tokens per call (default 1024). */
  maxNewTokens?: number | undefined;
  /** Never download: only the local folder or the transformers.js cache is used. */
  localFilesOnly?: boolean | undefined;
  /** Where downloaded models are cached (transformers.js default otherwise). */
  cacheDir?: string | undefined;
  /** Hub revision (branch, tag or commit). */
  revision?: string | undefined;
  /** Extra generation settings passed to `generate` (do_sample, temperature, top_k, repetition_penalty...). */
  generationParams?: Record<string, unknown> | undefined;
  /**
   * These models read text only. Each image in the messages is replaced by this line (default: a note
   * from `imageMessages.omittedImage` saying an image was left out); `false` makes an image an error instead.
   */
  imagePlaceholder?: string | false | undefined;
}

interface Loaded {
  tf: Transformers;
  tokenizer: Tokenizer;
  model: CausalLM;
}

export class TransformersModel implements Model {
  readonly modelId: string;
  private readonly options: TransformersModelOptions;
  private loaded?: Promise<Loaded> | undefined;

  constructor(options: TransformersModelOptions) {
    this.modelId = options.modelId;
    this.options = options;
    const placeholder: unknown = options.imagePlaceholder;
    if (placeholder !== undefined && placeholder !== false && typeof placeholder !== 'string') {
      throw new TypeError(`imagePlaceholder must be a string (the line each image becomes) or false (an image is an error), got ${JSON.stringify(placeholder)}.`);
    }
    assertInstalled('@huggingface/transformers', 'TransformersModel');
  }

  /** Loads tokenizer and weights now (otherwise the first call does), e.g. to show a progress step. */
  async load(): Promise<void> {
    await this.loadOnce();
  }

  private loadOnce(): Promise<Loaded> {
    this.loaded ??= this.loadNow();
    this.loaded.catch(() => (this.loaded = undefined));
    return this.loaded;
  }

  private async loadNow(): Promise<Loaded> {
    const tf = await importOptional<Transformers>('@huggingface/transformers', 'TransformersModel');
    const { modelId, device, dtype, localFilesOnly, cacheDir, revision } = this.options;
    // A local folder is passed as an absolute path: transformers.js then reads it directly instead
    // of looking under env.localModelPath or on the Hub.
    const folder = await localFolder(modelId);
    const id = folder ?? modelId;
    const common = {
      ...(folder || localFilesOnly ? { local_files_only: true } : {}),
      ...(cacheDir !== undefined ? { cache_dir: cacheDir } : {}),
      ...(revision !== undefined ? { revision } : {}),
    };
    try {
      const tokenizer = await tf.AutoTokenizer.from_pretrained(id, common);
      const model = await tf.AutoModelForCausalLM.from_pretrained(id, {
        ...common,
        // Our names are transformers.js's own; it reports one it does not know.
        ...(device !== undefined ? { device: device as NonNullable<PretrainedOptions['device']> } : {}),
        ...(dtype !== undefined ? { dtype: dtype as NonNullable<PretrainedOptions['dtype']> } : {}),
      });
      return { tf, tokenizer, model };
    } catch (error) {
      throw new ModelError(`TransformersModel could not load '${modelId}': ${(error as Error).message}`, { providerMessage: (error as Error).message, cause: error });
    }
  }

  async generate(messages: ChatMessage[], options: GenerateOptions = {}): Promise<ModelReply> {
    let content = '';
    let tokenUsage: TokenUsage | undefined;
    for await (const delta of this.generateStream(messages, options)) {
      if (delta.content) content += delta.content;
      if (delta.tokenUsage) tokenUsage = delta.tokenUsage;
    }
    const toolCalls = options.tools?.length ? parseToolCallsFromText(content) : [];
    return {
      role: 'assistant',
      content,
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      ...(tokenUsage ? { tokenUsage } : {}),
    };
  }

  generateStream(messages: ChatMessage[], options: GenerateOptions = {}): AsyncIterable<ChatMessageStreamDelta> {
    return clientSideStops(options, false).filter(this.streamDeltas(messages, options));
  }

  private async *streamDeltas(messages: ChatMessage[], options: GenerateOptions): AsyncIterable<ChatMessageStreamDelta> {
    const templateMessages = toTemplateMessages(messages, this.options.imagePlaceholder ?? imageMessages.omittedImage);
    const { tf, tokenizer, model } = await this.loadOnce();
    options.signal?.throwIfAborted();
    const inputs = this.encode(tokenizer, templateMessages, options);
    const inputIds = inputs.input_ids as { dims: number[] };
    const promptLength = inputIds.dims.at(-1) ?? 0;

    // The streamer pushes decoded text from inside `generate`; a queue hands it to this generator.
    const queue: string[] = [];
    let wake: (() => void) | undefined;
    const notify = (): void => {
      wake?.();
      wake = undefined;
    };
    const streamer = new tf.TextStreamer(tokenizer, {
      skip_prompt: true,
      skip_special_tokens: true,
      callback_function: (text: string) => {
        queue.push(text);
        notify();
      },
    });
    const stops = (options.stopSequences ?? []).filter((stop) => stop !== '');
    const signal = options.signal;
    let abandoned = false;
    // Checked after every token: ends generation at a stop sequence, on abort, or when the consumer left.
    // The streamer only emits whole words, so the stop check decodes the newest tokens itself: a
    // tail long enough to hold any stop sequence (a token is at least one byte of it).
    const tailTokens = Math.max(0, ...stops.map((stop) => Buffer.byteLength(stop))) + 2;
    class StopCriteria extends tf.StoppingCriteria {
      override _call(inputIdsBatch: number[][]): boolean[] {
        if (abandoned || signal?.aborted === true) return inputIdsBatch.map(() => true);
        if (stops.length === 0) return inputIdsBatch.map(() => false);
        return inputIdsBatch.map((ids) => {
          const tail = tokenizer.decode(ids.slice(Math.max(promptLength, ids.length - tailTokens)), { skip_special_tokens: true });
          return stops.some((stop) => tail.includes(stop));
        });
      }
    }

    let finished = false;
    let failure: unknown;
    let outputLength = promptLength;
    const run = model
      .generate({
        ...inputs,
        max_new_tokens: this.options.maxNewTokens ?? 1024,
        do_sample: false,
        ...this.options.generationParams,
        streamer,
        stopping_criteria: [new StopCriteria()],
      })
      .then((output) => {
        const sequences = ('sequences' in (output as object) ? (output as { sequences: unknown }).sequences : output) as { dims: number[] };
        outputLength = sequences.dims.at(-1) ?? promptLength;
      })
      .catch((error: unknown) => {
        failure = error;
      })
      .finally(() => {
        finished = true;
        notify();
      });

    try {
      for (;;) {
        if (queue.length > 0) {
          yield { content: queue.splice(0).join('') };
          continue;
        }
        if (finished) break;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      await run;
      if (signal?.aborted) throw signal.reason;
      if (failure !== undefined) {
        throw new ModelError(`TransformersModel generation failed: ${(failure as Error).message}`, { providerMessage: (failure as Error).message, cause: failure });
      }
      yield { tokenUsage: { inputTokens: promptLength, outputTokens: Math.max(0, outputLength - promptLength) } };
    } finally {
      // A consumer that stops early: let generation end at the next token instead of running on.
      if (!finished) abandoned = true;
    }
  }

  private encode(tokenizer: Tokenizer, messages: TemplateMessage[], options: GenerateOptions): Record<string, unknown> {
    const tools = options.tools?.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
    return tokenizer.apply_chat_template(messages, {
      add_generation_prompt: true,
      tokenize: true,
      return_dict: true,
      ...(tools?.length ? { tools } : {}),
    }) as unknown as Record<string, unknown>;
  }
}

type TemplateMessage = { role: string; content: string };

/**
 * Chat templates know system / user / assistant; many reject a "tool" role, so observations go in
 * as user turns (as smolagents does), and assistant tool calls are written out as JSON text. Images
 * become `imagePlaceholder` lines; with `false`, an image is a ModelError naming the option.
 */
export function toTemplateMessages(messages: ChatMessage[], imagePlaceholder: string | false = imageMessages.omittedImage): TemplateMessage[] {
  const out: TemplateMessage[] = [];
  for (const message of messages) {
    const role: string = message.role === 'tool' ? 'user' : message.role;
    let content = contentParts(message.content)
      .map((part) => {
        if (part.type === 'text') return part.text;
        if (imagePlaceholder === false) {
          throw new ModelError('TransformersModel reads text only and got an image; drop the images, or leave `imagePlaceholder` unset to have each replaced by a note.');
        }
        return imagePlaceholder;
      })
      .join('\n');
    if (message.role === 'assistant' && message.toolCalls?.length) {
      const calls = message.toolCalls.map((call) => JSON.stringify({ name: call.name, arguments: call.arguments }));
      content = [content, ...calls].filter((part) => part !== '').join('\n');
    }
    const last = out.at(-1);
    // Consecutive turns of one role merge: several templates require strict alternation.
    if (last && last.role === role && role !== 'system') last.content += `\n${content}`;
    else out.push({ role, content });
  }
  return out;
}

/** The absolute path when `modelId` names an existing folder. Node modules load lazily: in a browser this is just "no". */
async function localFolder(modelId: string): Promise<string | undefined> {
  try {
    const [{ stat }, { resolve }] = await Promise.all([import('node:fs/promises'), import('node:path')]);
    const path = resolve(modelId);
    return (await stat(path)).isDirectory() ? path : undefined;
  } catch {
    return undefined;
  }
}
