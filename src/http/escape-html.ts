const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Makes text safe to place in HTML element content or a quoted attribute.
 * Control and invisible format characters (NUL, a right-to-left override)
 * are shown as `\u{…}` rather than passed on to confuse the page or the
 * reader.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[&<>"']/g, (char) => ENTITIES[char])
    .replace(
      /[\p{Cc}\p{Cf}]/gu,
      (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`,
    );
}
