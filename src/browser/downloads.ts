/** Downloads: refused (and said so) without a downloads folder; saved under a plain, new name in it otherwise. */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Download } from 'playwright-core';
import { renderPrompt } from '../prompts/template.js';
import type { WebAgentPrompts } from '../prompts/web-agent.js';
import type { Notices } from './notices.js';

export async function handleDownload(download: Download, dir: string | undefined, prompts: WebAgentPrompts, notices: Notices): Promise<void> {
  const file = safeFileName(download.suggestedFilename());
  if (dir === undefined) {
    notices.add(renderPrompt(prompts.notices.downloadRefused, { file }));
    await download.cancel().catch(() => undefined);
    return;
  }
  try {
    const path = await freePath(dir, file);
    await download.saveAs(path);
    notices.add(renderPrompt(prompts.notices.downloadSaved, { file, path }));
  } catch (error) {
    notices.add(renderPrompt(prompts.notices.downloadFailed, { file, reason: (error as Error).message.split('\n')[0]! }));
  }
}

/** A page's file name as a plain name in the downloads folder: no path, no control characters, no leading dots. */
export function safeFileName(suggested: string): string {
  const name = basename(String(suggested).replace(/\\/g, '/'))
    .replace(/[^\w.\- ()]+/g, '_')
    .replace(/^\.+/, '')
    .slice(0, 120);
  return name === '' ? 'download' : name;
}

/** `dir/name`, or `dir/name-2` and so on when that file exists: a download never overwrites one. */
async function freePath(dir: string, name: string): Promise<string> {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let attempt = 1; attempt < 1000; attempt++) {
    const path = join(dir, attempt === 1 ? name : `${stem}-${attempt}${extension}`);
    try {
      await stat(path);
    } catch {
      return path;
    }
  }
  throw new Error(`too many files named like ${name}`);
}
