/**
 * Text from the model, tools and sandboxes is hostile: written to a terminal as it is, escape
 * sequences in it could move the cursor over earlier lines, rename the window, write the clipboard
 * (OSC 52) or fake a prompt. The logger passes everything it prints through here. Colour (SGR,
 * `ESC [ … m`) is the only escape kept — it is what the logger itself writes, and at worst it
 * recolours text; every other control character is shown as a visible `\u{…}` escape instead.
 */

// SGR sequences, which are kept; then any other C0 control but tab and newline, DEL, and C1 controls.
const CONTROL = /(\u001b\[[0-9;]*m)|\r\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (match, sgr: string | undefined) => {
    if (sgr !== undefined) return sgr;
    if (match === '\r\n') return '\n';
    return `\\u{${match.codePointAt(0)!.toString(16)}}`;
  });
}
