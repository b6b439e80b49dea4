/**
 * Writes a complete, tiny transformers.js model folder so TransformersModel can be tested offline
 * end to end (tokenizer, chat template, ONNX Runtime session, generation loop, streamer):
 *
 * - tokenizer.json: character-level BPE without merges, a Fuse decoder, ChatML special tokens;
 * - tokenizer_config.json with a ChatML chat template;
 * - config.json (model_type "llama", eos 0);
 * - onnx/model.onnx: a bigram "language model", logits = Gather(table, input_ids). The next token
 *   depends only on the last one, so greedy decoding follows a fixed chain: after the prompt's final
 *   "\n" it writes `reply` (which must not repeat a character), then end-of-sequence.
 *
 * The ONNX protobuf is encoded by hand below (a dozen fields of ModelProto / GraphProto / NodeProto /
 * TensorProto / ValueInfoProto), since no ONNX builder is installed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const SPECIAL = ['<eos>', '<|im_start|>', '<|im_end|>', '<unk>'];
const CHARS = '\n abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:;!?\'"-_{}()[]<>/=*+`#';

export const CHAT_TEMPLATE =
  '{% for message in messages %}<|im_start|>{{ message.role }}\n{{ message.content }}<|im_end|>\n{% endfor %}' +
  '{% if tools %}<|im_start|>tools\n{{ tools | length }} tools<|im_end|>\n{% endif %}' +
  '{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}';

export async function writeTinyCausalLm(folder: string, reply: string): Promise<void> {
  if (new Set(reply).size !== reply.length) throw new Error('a bigram chain cannot repeat a character');
  const vocab: Record<string, number> = {};
  for (const token of [...SPECIAL, ...CHARS]) vocab[token] = Object.keys(vocab).length;
  const size = Object.keys(vocab).length;
  const idOf = (char: string): number => {
    const id = vocab[char];
    if (id === undefined) throw new Error(`character not in the tiny vocabulary: ${JSON.stringify(char)}`);
    return id;
  };

  // next[token] = the token that follows it; everything not on the chain is followed by <eos>.
  const next = new Array<number>(size).fill(0);
  const chain = ['\n', ...reply];
  for (let i = 0; i < chain.length; i++) next[idOf(chain[i]!)] = i + 1 < chain.length ? idOf(chain[i + 1]!) : 0;
  const table = new Float32Array(size * size);
  for (let token = 0; token < size; token++) table[token * size + next[token]!] = 10;

  await mkdir(join(folder, 'onnx'), { recursive: true });
  await writeFile(join(folder, 'onnx', 'model.onnx'), bigramOnnx(table, size));
  await writeFile(join(folder, 'config.json'), JSON.stringify({
    model_type: 'llama', architectures: ['LlamaForCausalLM'], vocab_size: size, hidden_size: 8, num_hidden_layers: 1,
    num_attention_heads: 1, num_key_value_heads: 1, max_position_embeddings: 512, eos_token_id: 0, bos_token_id: 1, pad_token_id: 0,
  }));
  await writeFile(join(folder, 'generation_config.json'), JSON.stringify({ eos_token_id: 0, bos_token_id: 1, pad_token_id: 0 }));
  await writeFile(join(folder, 'tokenizer_config.json'), JSON.stringify({
    eos_token: '<eos>', pad_token: '<eos>', unk_token: '<unk>', bos_token: null, add_bos_token: false, chat_template: CHAT_TEMPLATE, model_max_length: 512,
  }));
  await writeFile(join(folder, 'tokenizer.json'), JSON.stringify({
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content) => ({ id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: null,
    post_processor: null,
    decoder: { type: 'Fuse' },
    model: { type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, vocab, merges: [] },
  }));
}

// --- a minimal protobuf writer, enough for ONNX ---

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return bytes;
}

const intField = (field: number, value: number): number[] => [...varint(field << 3), ...varint(value)];
const bytesField = (field: number, bytes: Uint8Array | number[]): number[] => [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
const stringField = (field: number, text: string): number[] => bytesField(field, Buffer.from(text, 'utf8'));

const FLOAT = 1;
const INT64 = 7;

/** ValueInfoProto for a tensor whose dims are numbers (fixed) or strings (symbolic). */
function valueInfo(name: string, elemType: number, dims: (number | string)[]): number[] {
  const shape = dims.flatMap((dim) => bytesField(1, typeof dim === 'number' ? intField(1, dim) : stringField(2, dim)));
  const tensorType = [...intField(1, elemType), ...bytesField(2, shape)];
  return [...stringField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}

function bigramOnnx(table: Float32Array, size: number): Buffer {
  const initializer = [
    ...intField(1, size),
    ...intField(1, size),
    ...intField(2, FLOAT),
    ...stringField(8, 'bigram_table'),
    ...bytesField(9, new Uint8Array(table.buffer, table.byteOffset, table.byteLength)),
  ];
  const node = [...stringField(1, 'bigram_table'), ...stringField(1, 'input_ids'), ...stringField(2, 'logits'), ...stringField(3, 'lookup'), ...stringField(4, 'Gather')];
  const graph = [
    ...bytesField(1, node),
    ...stringField(2, 'tiny_bigram_lm'),
    ...bytesField(5, initializer),
    ...bytesField(11, valueInfo('input_ids', INT64, ['batch_size', 'sequence_length'])),
    ...bytesField(11, valueInfo('attention_mask', INT64, ['batch_size', 'total_sequence_length'])),
    ...bytesField(12, valueInfo('logits', FLOAT, ['batch_size', 'sequence_length', size])),
  ];
  const model = [
    ...intField(1, 8), // ir_version 8
    ...stringField(2, 'smolagents-ts tests'),
    ...bytesField(7, graph),
    ...bytesField(8, [...stringField(1, ''), ...intField(2, 13)]), // opset 13
  ];
  return Buffer.from(model);
}
