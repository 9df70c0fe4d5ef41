import type { App } from 'supertest/types';
import type {
  INestApplication,
  LoggerService,
  ModuleMetadata,
} from '@nestjs/common';
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
import { setupApp } from '../../src/app.setup';

/** The two lines the README's tutorial appends to policies/main.polar. */
export const PUBLIC_READ_RULE = `
has_permission(_actor: User, "read", repository: Repository) if
  repository.isPublic;
`;

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

/** The two policies most specs run under: the seed's, and the seed's after the tutorial step. */
export const POLICY_VARIANTS = [
  ['the seed policy', false],
  ['the tutorial rule', true],
] as const;

/** The policy files for one of {@link POLICY_VARIANTS}. */
export function seedPolicies(publicRule: boolean): Record<string, string> {
  return { 'main.polar': seedPolicy() + (publicRule ? PUBLIC_READ_RULE : '') };
}

/** What a spec may add to the real app: modules beside AppModule, a logger to read. */
export interface AppExtras {
  imports?: ModuleMetadata['imports'];
  logger?: LoggerService;
}

/**
 * Boots the real AppModule with `env` applied to process.env (restored once
 * the app is created), as `npm start` would with those variables set.
 */
export async function createApp(
  env: Record<string, string | undefined>,
  extras: AppExtras = {},
): Promise<INestApplication<App>> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
  }
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule, ...(extras.imports ?? [])],
    }).compile();
    const app = moduleRef.createNestApplication<INestApplication<App>>({
      logger: extras.logger ?? false,
    });
    setupApp(app);
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

/** An app on a fresh sqlite file in its own folder. */
export interface TestApp {
  /** The running app; a new one after `restart()`. */
  readonly app: INestApplication<App>;
  dir: string;
  /** Closes the app and starts another on the same database and policy. */
  restart: () => Promise<INestApplication<App>>;
  /** Closes the app and removes its folder. */
  close: () => Promise<void>;
}

export async function createTestApp(
  options: {
    policies?: Record<string, string>;
    env?: Record<string, string | undefined>;
  } & AppExtras = {},
): Promise<TestApp> {
  const dir = makeTempDir();
  const env = {
    DATABASE_URL: `sqlite:${join(dir, 'test.sqlite')}`,
    POLICY_DIR: writePolicyDir(dir, options.policies),
    ...options.env,
  };
  let app = await createApp(env, options);
  return {
    get app() {
      return app;
    },
    dir,
    restart: async () => {
      await app.close();
      app = await createApp(env, options);
      return app;
    },
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
