/** A file sent with a task from the web UI, as the agent gets it in `additionalArgs.uploaded_files`. */
export type UploadedFile =
  | { name: string; type: string; size: number; text: string }
  | { name: string; type: string; size: number; base64: string };

/** The upload is over the limit, or not a form the page sends. The message is shown in the page. */
export class UploadError extends Error {
  override readonly name = 'UploadError';
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
  }
}

/** The additionalArgs key the files arrive under: a variable of that name in the sandbox. */
export const UPLOADS_KEY = 'uploaded_files';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function tooLarge(size: number | undefined, limit: number): UploadError {
  const sent = size === undefined ? 'more than that' : formatBytes(size);
  return new UploadError(`The upload is too large: ${sent} sent, and the limit is ${formatBytes(limit)} (smolagent ui --max-upload-mb).`, 413);
}

/**
 * Reads the files of a task form. Text (valid UTF-8 without NUL bytes) is passed as text, anything
 * else as base64. The total size is checked again here: the request's length also counts the form.
 */
export async function readUploads(entries: readonly unknown[], limit: number): Promise<UploadedFile[]> {
  const files = entries.filter((entry): entry is File => entry instanceof File && entry.name !== '');
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > limit) throw tooLarge(total, limit);
  return Promise.all(
    files.map(async (file) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const base = { name: file.name.slice(0, 255), type: file.type || 'application/octet-stream', size: bytes.length };
      const text = asText(bytes);
      return text === undefined ? { ...base, base64: Buffer.from(bytes).toString('base64') } : { ...base, text };
    }),
  );
}

function asText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
