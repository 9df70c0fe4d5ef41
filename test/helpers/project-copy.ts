import { cpSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './server-process';
import { makeTempDir } from './test-app';

/**
 * A copy of the project to run the README's commands in and edit freely:
 * its sources, policies and build settings, node_modules linked.
 */
export function copyProject(): string {
  const dir = makeTempDir();
  for (const file of [
    'package.json',
    'nest-cli.json',
    'tsconfig.json',
    'tsconfig.build.json',
  ]) {
    cpSync(join(ROOT, file), join(dir, file));
  }
  for (const folder of ['src', 'policies']) {
    cpSync(join(ROOT, folder), join(dir, folder), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
