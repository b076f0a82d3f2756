/**
 * A task's output made safe to print on a terminal (issue 22): escape sequences a task prints (OSC 52 sets
 * the clipboard, CSI 2J clears the screen, a title change, a hyperlink) are shown as text instead of acted
 * on. C0 controls other than tab, newline and carriage return become caret notation (ESC → `^[`), DEL
 * `^?`, and C1 controls (U+0080–U+009F, e.g. the one-character CSI) `<U+009B>`. `--raw` prints the bytes.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (ch) => {
    const code = ch.charCodeAt(0);
    if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
    if (code === 0x7f) return '^?';
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}
