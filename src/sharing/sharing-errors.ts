/**
 * Errors of saving and loading agents and tools. Errors are data (DESIGN §6): each names what is
 * wrong and what to do, and the CLI prints the message as it is.
 */

/** A saved folder (or Hub repository) that cannot be read or written as asked. */
export class SharedFolderError extends Error {
  override readonly name: string = 'SharedFolderError';
  constructor(
    message: string,
    /** The folder or file concerned, as the user named it. */
    readonly location?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A tool that cannot be written as a module (a closure over outer variables, an MCP tool...). */
export class ToolSerializationError extends SharedFolderError {
  override readonly name: string = 'ToolSerializationError';
  constructor(readonly toolName: string, message: string, options?: { cause?: unknown }) {
    super(message, undefined, options);
  }
}

/** Loading would run code from elsewhere in this process, and `trustRemoteCode` was not given. */
export class UntrustedCodeError extends SharedFolderError {
  override readonly name: string = 'UntrustedCodeError';
  constructor(message: string, readonly toolNames: readonly string[], location?: string) {
    super(message, location);
  }
}

export type HubFailure = 'authentication' | 'not_found' | 'conflict' | 'request';

/** The Hugging Face Hub refused or failed a request. */
export class HubError extends Error {
  override readonly name: string = 'HubError';
  constructor(
    message: string,
    readonly failure: HubFailure,
    readonly repoId: string,
    /** HTTP status when the Hub answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
