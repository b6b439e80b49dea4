import { readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { connectHub, headCommit, hubFailure, type HubOptions } from './hub-client.js';
import { assertRelativePath } from './manifest.js';
import { HubError, SharedFolderError } from './sharing-errors.js';

/** The largest file a saved folder may hold (manifests and tool modules are small). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Where a saved folder is read from: a directory on disk, or a Hub repository at one commit. */
export interface FolderSource {
  /** How the folder is named in messages: a path, or hf://namespace/name. */
  readonly location: string;
  /** A file's text; a missing file is a SharedFolderError naming it. */
  readText(path: string): Promise<string>;
  /** How a file of the folder is named in messages and stack traces. */
  describe(path: string): string;
}

/** A directory on disk. Paths are checked to stay inside it, symbolic links included. */
export function localFolder(directory: string): FolderSource {
  const root = resolve(directory);
  return {
    location: root,
    describe: (path) => join(root, path),
    async readText(path) {
      assertRelativePath(path, 'path', root);
      const file = join(root, path);
      let real: string;
      try {
        real = await realpath(file);
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') throw new SharedFolderError(`${root} has no file ${path}.`, file, { cause: error });
        throw new SharedFolderError(`Cannot read ${file}: ${(error as Error).message}`, file, { cause: error });
      }
      const realRoot = await realpath(root);
      if (!real.startsWith(realRoot + sep)) throw new SharedFolderError(`${file} leads outside ${root} (a symbolic link).`, file);
      if ((await stat(real)).size > MAX_FILE_BYTES) throw new SharedFolderError(`${file} is larger than ${MAX_FILE_BYTES} bytes.`, file);
      return await readFile(real, 'utf8');
    },
  };
}

export interface HubFolderOptions extends HubOptions {
  /** A branch, tag or commit id. Default 'main'; all files are read at the commit it points to when loading starts. */
  revision?: string | undefined;
}

/**
 * A Hub repository, read file by file through `@huggingface/hub` (only the files the manifests name
 * are downloaded). The revision is resolved to a commit first, so that a push during the load cannot
 * mix files of two versions.
 */
export async function hubFolder(repoId: string, options: HubFolderOptions = {}): Promise<FolderSource> {
  const hub = await connectHub(repoId, options, { needsToken: false });
  const revision = options.revision ?? 'main';
  let commit: string | undefined;
  try {
    commit = /^[0-9a-f]{40}$/.test(revision) ? revision : await headCommit(hub, revision);
  } catch (error) {
    throw hubFailure(error, hub, 'opening');
  }
  if (!commit) throw new HubError(`${repoId} on ${hub.credentials.hubUrl} has no commits: push an agent or a tool to it first.`, 'not_found', repoId);
  const location = `hf://${repoId}${options.revision ? `@${options.revision}` : ''}`;
  return {
    location,
    describe: (path) => `${location}/${path}`,
    async readText(path) {
      assertRelativePath(path, 'path', location);
      let blob: Blob | null;
      try {
        blob = await hub.api.downloadFile({ ...hub.credentials, repo: hub.repo, path, revision: commit });
      } catch (error) {
        throw hubFailure(error, hub, `downloading ${path} from`);
      }
      if (!blob) throw new SharedFolderError(`${location} has no file ${path}.`, `${location}/${path}`);
      if (blob.size > MAX_FILE_BYTES) throw new SharedFolderError(`${location}/${path} is larger than ${MAX_FILE_BYTES} bytes.`, `${location}/${path}`);
      return await blob.text();
    },
  };
}
