/**
 * How deeply a JSON text nests, read in one pass over the text without parsing it. Values from a
 * sandbox are the guest's choice, and a value nested thousands of levels deep parses fine but then
 * overflows the stack of whatever recursive code handles it on the host (a pretty-printer, a schema
 * check, the application's own code), which loses the run. Checked at the bridge, such a value is
 * refused with a message instead.
 */
export function exceedsJsonDepth(json: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < json.length; index++) {
    const code = json.charCodeAt(index);
    if (inString) {
      if (code === 0x5c /* \ */) index++;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      if (++depth > maxDepth) return true;
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) depth--;
  }
  return false;
}
