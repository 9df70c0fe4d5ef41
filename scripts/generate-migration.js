// npm run migration:generate -- <Name>: TypeORM's migration:generate on
// src/database/data-source.ts, writing src/database/migrations/<timestamp>-<Name>.ts,
// then Prettier on that file. A script because npm appends the name after the
// command, and TypeORM wants it inside the path.
'use strict';
const { spawnSync } = require('node:child_process');
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const prettier = require('prettier');

const ROOT = join(__dirname, '..');
const FOLDER = join(ROOT, 'src', 'database', 'migrations');

async function main() {
  const args = process.argv.slice(2);
  if (args.length !== 1 || !/^[A-Za-z][A-Za-z0-9-]*$/.test(args[0])) {
    console.error(
      'Usage: npm run migration:generate -- <Name>\n' +
        '  <Name>: letters, digits and dashes, such as AddIssueLabels; ' +
        'the file is src/database/migrations/<timestamp>-<Name>.ts',
    );
    return 2;
  }
  const before = new Set(readdirSync(FOLDER));
  const typeorm = spawnSync(
    process.execPath,
    [
      require.resolve('typeorm/cli-ts-node-commonjs'),
      'migration:generate',
      '--dataSource',
      join('src', 'database', 'data-source.ts'),
      '--pretty',
      join(FOLDER, args[0]),
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  for (const name of readdirSync(FOLDER).filter((n) => !before.has(n))) {
    const file = join(FOLDER, name);
    const options = await prettier.resolveConfig(file);
    const text = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      await prettier.format(text, { ...options, filepath: file }),
    );
  }
  return typeorm.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(String(error));
    process.exit(1);
  },
);
