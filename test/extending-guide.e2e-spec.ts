import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const GUIDE = 'docs/extending.md';

/**
 * Each code block of the guide that follows `<!-- file: path -->` is that
 * file of the repository, whole; after `<!-- excerpt: path -->`, a run of
 * its lines. So the guide shows code that compiles, passes lint and is
 * tested, and cannot drift from it.
 */
const blocks = [
  ...readFileSync(join(ROOT, GUIDE), 'utf8').matchAll(
    /<!-- (file|excerpt): (\S+) -->\n```\w+\n([\s\S]*?)\n```/g,
  ),
].map(([, kind, path, code]) => ({ kind, path, code }));

describe(`the code in ${GUIDE}`, () => {
  it('has blocks to check, each naming a file that exists', () => {
    expect(blocks.length).toBeGreaterThan(10);
    for (const { path } of blocks) {
      expect(existsSync(join(ROOT, path))).toBe(true);
    }
  });

  it.each(blocks.map((block) => [block.kind, block.path, block]))(
    'the %s %s is as in the repository',
    (kind, path, { code }) => {
      const text = readFileSync(join(ROOT, path), 'utf8');
      if (kind === 'file') {
        expect(code + '\n').toEqual(text);
      } else {
        expect(text).toContain(code + '\n');
      }
    },
  );
});
