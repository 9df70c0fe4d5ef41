import type { App } from 'supertest/types';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module';

export const SEED_POLICY = join(__dirname, '../../policies/main.polar');

/** A scratch folder for one spec's database and policies. */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'oso-quickstart-'));
}

/** A policy folder under `root` holding these files (default: the seed's main.polar). */
export function writePolicyDir(
  root: string,
  files: Record<string, string> = { 'main.polar': seedPolicy() },
): string {
  const dir = join(root, 'policies');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export function seedPolicy(): string {
  return readFileSync(SEED_POLICY, 'utf8');
}

/**
 * Boots the real AppModule with `env` applied to process.env (restored once
 * the app is created), as `npm start` would with those variables set.
 */
export async function createApp(
  env: Record<string, string | undefined>,
): Promise<INestApplication<App>> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
  }
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule],
    }).compile();
    const app = moduleRef.createNestApplication<INestApplication<App>>({
      logger: false,
    });
    try {
      await app.init();
    } catch (error) {
      await app.close();
      throw error;
    }
    return app;
  } finally {
    process.env = saved;
  }
}

/** An app on a fresh sqlite file in its own folder, removed by `close()`. */
export async function createTestApp(
  options: {
    policies?: Record<string, string>;
    env?: Record<string, string | undefined>;
  } = {},
): Promise<{
  app: INestApplication<App>;
  dir: string;
  close: () => Promise<void>;
}> {
  const dir = makeTempDir();
  const app = await createApp({
    DATABASE_URL: `sqlite:${join(dir, 'test.sqlite')}`,
    POLICY_DIR: writePolicyDir(dir, options.policies),
    ...options.env,
  });
  return {
    app,
    dir,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
