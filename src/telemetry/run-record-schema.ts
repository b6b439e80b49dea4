import { z } from 'zod/v4';

/**
 * The shapes of run-record lines, checked when a record is read back: a record is input like any
 * other, and a replay should say which line is wrong rather than fail somewhere in the renderer.
 * Objects are loose: fields this version does not use are kept, not rejected.
 */

const tokenUsage = z.looseObject({ inputTokens: z.number(), outputTokens: z.number() });
const timing = z.looseObject({ startTime: z.number(), endTime: z.number().optional(), duration: z.number().optional() });
const toolCall = z.looseObject({ id: z.string(), name: z.string(), arguments: z.unknown().optional() });
// Images are recorded as what identifies them, never as data (see RecordedImage in run-record.ts).
const recordedImage = z.looseObject({
  type: z.literal('image'),
  mediaType: z.string().optional(),
  bytes: z.number().int().nonnegative().optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  url: z.string().optional(),
});
const contentPart = z.discriminatedUnion('type', [z.looseObject({ type: z.literal('text'), text: z.string() }), recordedImage]);
const messageFields = {
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  toolCalls: z.array(toolCall).optional(),
  toolCallId: z.string().optional(),
  tokenUsage: tokenUsage.optional(),
};
const chatMessage = z.looseObject({ ...messageFields, content: z.union([z.string(), z.array(contentPart)]) });
// What a model returns is text.
const modelReply = z.looseObject({ ...messageFields, content: z.string() });
const stepError = z.looseObject({ type: z.string(), message: z.string() });
const recordedError = z.looseObject({ name: z.string(), message: z.string() });

const actionStep = z.looseObject({
  type: z.literal('action'),
  stepNumber: z.number().int(),
  timing,
  modelOutput: z.string().optional(),
  codeAction: z.string().optional(),
  toolCalls: z.array(toolCall.extend({ observation: z.string().optional(), error: stepError.optional(), timing: timing.optional() })).optional(),
  observations: z.string().optional(),
  observationImages: z.array(recordedImage).optional(),
  error: stepError.optional(),
  actionOutput: z.unknown().optional(),
  isFinalAnswer: z.boolean(),
  tokenUsage: tokenUsage.optional(),
});
const planningStep = z.looseObject({ type: z.literal('planning'), plan: z.string(), timing, tokenUsage: tokenUsage.optional() });
const compactionStep = z.looseObject({
  type: z.literal('compaction'),
  move: z.enum(['drop_images', 'shorten', 'fold']),
  summary: z.string().optional(),
  foldedUntil: z.number().int(),
  shortenedUntil: z.number().int(),
  imagesDroppedUntil: z.number().int().optional(),
  tokensBefore: z.number(),
  tokensAfter: z.number(),
  timing,
  tokenUsage: tokenUsage.optional(),
});

const base = { time: z.number(), run: z.number().int().positive() };
const stepNumber = z.number().int();

export const recordHeaderSchema = z.looseObject({ format: z.string(), version: z.number(), createdAt: z.string().optional() });

export const recordLineSchema = z.discriminatedUnion('type', [
  z.looseObject({
    ...base,
    type: z.literal('run_start'),
    task: z.string(),
    agentName: z.string(),
    agent: z.looseObject({ type: z.string(), modelId: z.string(), tools: z.array(z.string()), language: z.enum(['javascript', 'python']).optional() }),
  }),
  z.looseObject({ ...base, type: z.literal('step_start'), stepNumber }),
  z.looseObject({ ...base, type: z.literal('model_request'), stepNumber, messages: z.array(chatMessage), options: z.looseObject({}) }),
  z.looseObject({ ...base, type: z.literal('model_output'), stepNumber, message: modelReply }),
  z.looseObject({ ...base, type: z.literal('code_action'), stepNumber, code: z.string() }),
  z.looseObject({ ...base, type: z.literal('tool_call'), stepNumber, toolCall }),
  z.looseObject({
    ...base,
    type: z.literal('tool_result'),
    stepNumber,
    toolCallId: z.string(),
    name: z.string(),
    observation: z.string(),
    isError: z.boolean(),
    timing: timing.optional(),
  }),
  z.looseObject({ ...base, type: z.literal('observation'), stepNumber, observation: z.string() }),
  z.looseObject({ ...base, type: z.literal('step_end'), step: actionStep }),
  z.looseObject({ ...base, type: z.literal('plan'), step: planningStep }),
  z.looseObject({ ...base, type: z.literal('memory_compaction'), step: compactionStep }),
  z.looseObject({ ...base, type: z.literal('final_answer'), output: z.unknown().optional() }),
  z.looseObject({ ...base, type: z.literal('error'), stepNumber: stepNumber.optional(), error: recordedError }),
  z.looseObject({
    ...base,
    type: z.literal('run_end'),
    state: z.enum(['success', 'max_steps_error']).optional(),
    output: z.unknown().optional(),
    tokenUsage: tokenUsage.optional(),
    timing: timing.optional(),
    error: recordedError.optional(),
  }),
]);

