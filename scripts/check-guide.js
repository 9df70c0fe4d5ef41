// npm run docs:check: every code block of docs/extending.md that follows
// `<!-- file: path -->` is that file of the repository, whole; after
// `<!-- excerpt: path -->`, a run of its lines. So the guide shows code that
// compiles, passes lint and is tested. A check of the repository as shipped,
// run by CI, not by `npm test`: following the guide, or the README's
// tutorial, changes those files on purpose.
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const GUIDE = 'docs/extending.md';

const blocks = [
  ...readFileSync(join(ROOT, GUIDE), 'utf8').matchAll(
    /<!-- (file|excerpt): (\S+) -->\n```\w+\n([\s\S]*?)\n```/g,
  ),
].map(([, kind, path, code]) => ({ kind, path, code }));

const problems = [];
for (const { kind, path, code } of blocks) {
  const file = join(ROOT, path);
  if (!existsSync(file)) {
    problems.push(`${path}: no such file`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  const same =
    kind === 'file' ? text === `${code}\n` : text.includes(`${code}\n`);
  if (!same)
    problems.push(`${path}: the ${kind} in ${GUIDE} differs from the file`);
}
if (blocks.length === 0) problems.push(`${GUIDE}: no code blocks to check`);
for (const problem of problems) console.error(problem);
console.log(
  `${GUIDE}: ${blocks.length - problems.length} of ${blocks.length} code blocks as in the repository`,
);
process.exit(problems.length === 0 ? 0 : 1);
