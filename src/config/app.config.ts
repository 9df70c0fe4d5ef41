import { registerAs } from '@nestjs/config';
import { resolve } from 'node:path';

/**
 * The app's settings, read from the environment when the app is created
 * (not when this file is imported), so tests can point each app at its own
 * database and policy folder.
 */
export interface AppConfig {
  port: number;
  databaseUrl: string;
  policyDir: string;
  defaultUser: string | undefined;
}

export const DEFAULTS = {
  port: 5000,
  databaseUrl: 'sqlite:data/quickstart.sqlite',
  policyDir: 'policies',
  defaultUser: 'larry',
} as const;

export class InvalidConfigError extends Error {
  override name = 'InvalidConfigError';
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULTS.port;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new InvalidConfigError(
      `PORT must be an integer from 1 to 65535, got "${value}"`,
    );
  }
  return port;
}

/** Parses the environment; throws an {@link InvalidConfigError} naming the bad variable. */
export function parseAppConfig(env: NodeJS.ProcessEnv): AppConfig {
  return {
    port: parsePort(env.PORT),
    databaseUrl: env.DATABASE_URL || DEFAULTS.databaseUrl,
    policyDir: resolve(env.POLICY_DIR || DEFAULTS.policyDir),
    // Set but empty means "no default caller": requests must name one.
    defaultUser:
      env.DEFAULT_USER === undefined
        ? DEFAULTS.defaultUser
        : env.DEFAULT_USER || undefined,
  };
}

export const appConfig = registerAs('app', () => parseAppConfig(process.env));
