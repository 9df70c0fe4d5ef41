import { escapeHtml } from './escape-html';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('shows control and invisible format characters instead of passing them on', () => {
    expect(escapeHtml('a\u0000b\u202Ec\u200Bd\n')).toBe(
      'a\\u{0}b\\u{202e}c\\u{200b}d\\u{a}',
    );
  });

  it('leaves other text, unicode included, alone', () => {
    expect(escapeHtml('gmail — ünïcødé 🚀')).toBe('gmail — ünïcødé 🚀');
  });
});
