import { cpSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_POLICIES } from './policies';
import {
  freePort,
  ROOT,
  type ServerProcess,
  startServer,
} from './server-process';
import { makeTempDir } from './test-app';

/**
 * A copy of the project to run the README's commands in and edit freely:
 * its sources, build and format settings, node_modules linked, and the pinned seed
 * policy as its policies/ (the live one may hold the tutorial's rule). Its
 * build leaves the project's dist/ alone, which `npm run start:dev` may be
 * running from.
 */
export function copyProject(): string {
  const dir = makeTempDir();
  for (const file of [
    'package.json',
    '.prettierrc',
    'nest-cli.json',
    'tsconfig.json',
    'tsconfig.build.json',
  ]) {
    cpSync(join(ROOT, file), join(dir, file));
  }
  cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
  cpSync(SEED_POLICIES, join(dir, 'policies'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/**
 * `npm <args>` in the copy at `dir`, as a newcomer types it: on a free port,
 * on the database `databaseUrl` names (one of its own), its policies/
 * folder, NODE_ENV unset.
 */
export async function npmIn(
  dir: string,
  databaseUrl: string,
  ...args: string[]
): Promise<{ server: ServerProcess; url: string }> {
  const port = await freePort();
  const server = startServer(
    ['npm', ...args],
    {
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      POLICY_DIR: 'policies',
      NODE_ENV: undefined,
    },
    dir,
  );
  return { server, url: `http://127.0.0.1:${port}` };
}
