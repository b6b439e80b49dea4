import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SharedFolderError } from './sharing-errors.js';

/**
 * Writes a folder all at once: the files go to a temporary sibling directory, which then takes the
 * folder's place by rename. A failure part-way leaves the destination as it was (absent, or the
 * previous save). An existing folder is replaced only if it is a saved folder (it holds `marker`)
 * or empty, so a wrong path cannot wipe a directory of other files.
 */
export async function writeFolderAtomically(directory: string, files: ReadonlyMap<string, string>, marker: string): Promise<void> {
  const target = resolve(directory);
  const existing = await folderState(target, marker);
  const suffix = randomBytes(6).toString('hex');
  const staging = join(dirname(target), `.${basename(target)}.saving-${suffix}`);
  try {
    await mkdir(dirname(target), { recursive: true });
    for (const [path, text] of files) {
      const file = join(staging, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new SharedFolderError(`Could not write ${target}: ${(error as Error).message}. Nothing was changed there.`, target, { cause: error });
  }
  if (existing === 'absent') {
    await moveInto(staging, target);
    return;
  }
  // Two renames: the old folder steps aside, the new one takes its place, the old one goes.
  const previous = join(dirname(target), `.${basename(target)}.previous-${suffix}`);
  await rename(target, previous);
  try {
    await moveInto(staging, target);
  } catch (error) {
    await rename(previous, target);
    throw error;
  }
  await rm(previous, { recursive: true, force: true });
}

async function moveInto(staging: string, target: string): Promise<void> {
  try {
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new SharedFolderError(`Could not write ${target}: ${(error as Error).message}. Nothing was changed there.`, target, { cause: error });
  }
}

async function folderState(target: string, marker: string): Promise<'absent' | 'replaceable'> {
  let entries: string[];
  try {
    if (!(await stat(target)).isDirectory()) throw new SharedFolderError(`${target} exists and is not a directory.`, target);
    entries = await readdir(target);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return 'absent';
    throw error;
  }
  if (entries.length === 0 || entries.includes(marker)) return 'replaceable';
  throw new SharedFolderError(`${target} already holds other files (no ${marker}): save to a new or empty directory, or to an earlier save.`, target);
}
