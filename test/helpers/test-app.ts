import type { App } from 'supertest/types';
import type {
  INestApplication,
  LoggerService,
  ModuleMetadata,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module';
import { setupApp } from '../../src/app.setup';
import { LIVE_POLICIES, type Policies } from './policies';
import { createTestDatabase } from './test-database';

/** A scratch folder for one spec's database and policies. */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'oso-quickstart-'));
}

/** A policy folder under `root` holding these files. */
export function writePolicyDir(
  root: string,
  files: Record<string, string>,
): string {
  const dir = join(root, 'policies');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
  }
  return dir;
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
      imports: [AppModule.forEnvironment(), ...(extras.imports ?? [])],
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

/** An app on a fresh database of its own, with its own folder. */
export interface TestApp {
  /** The running app; a new one after `restart()`. */
  readonly app: INestApplication<App>;
  dir: string;
  /** Its DATABASE_URL: a sqlite file in `dir`, or a PostgreSQL database. */
  databaseUrl: string;
  /** Closes the app and starts another on the same database and policy. */
  restart: () => Promise<INestApplication<App>>;
  /** Closes the app and removes its folder. */
  close: () => Promise<void>;
}

/**
 * The real app on a fresh database, under every `.polar` file of `policies`:
 * a folder (by default the live policies/, the app as it is) or files to
 * write into a new one. Specs of the framework pass a pinned folder from
 * ./policies.
 */
export async function createTestApp(
  options: {
    policies?: Policies;
    env?: Record<string, string | undefined>;
  } & AppExtras = {},
): Promise<TestApp> {
  const dir = makeTempDir();
  const database = await createTestDatabase(dir);
  const { policies = LIVE_POLICIES } = options;
  const env = {
    DATABASE_URL: database.url,
    POLICY_DIR:
      typeof policies === 'string' ? policies : writePolicyDir(dir, policies),
    ...options.env,
  };
  let app: INestApplication<App>;
  try {
    app = await createApp(env, options);
  } catch (error) {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    get app() {
      return app;
    },
    dir,
    databaseUrl: database.url,
    restart: async () => {
      await app.close();
      app = await createApp(env, options);
      return app;
    },
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
