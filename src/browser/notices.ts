/** What the browser did by itself (a dialog, a download, a blocked navigation, a new tab), for the next tool result or step. */
export class Notices {
  private items: string[] = [];

  add(text: string): void {
    // A page can fire events in a loop: the first ones are enough to tell the model.
    if (this.items.length < 10) this.items.push(text);
  }

  /** Drops one notice that an action's own result already says. */
  remove(text: string): void {
    this.items = this.items.filter((item) => item !== text);
  }

  take(): string[] {
    const items = this.items;
    this.items = [];
    return items;
  }
}

/** One line of a page's text, cut to `max` characters. */
export function clip(text: string, max: number): string {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** An error's first line, without Playwright's "page.goto: " prefix. */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/^\w+\.\w+: /, '');
}
