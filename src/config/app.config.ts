import type { LogLevel } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { resolve } from 'node:path';
import {
  DECISION_CACHE_DEFAULTS,
  type DecisionCacheOptions,
} from '../authorization/services/decision-cache';
import {
  DATABASE_DEFAULTS,
  type DatabaseSettings,
} from '../database/database-settings';

/**
 * The app's settings, read from the environment when the app is created
 * (not when this file is imported), so tests can point each app at its own
 * database and policy folder.
 */
export interface AppConfig {
  port: number;
  databaseUrl: string;
  /** DB_MIGRATE, DB_POOL_SIZE, DB_CONNECT_TIMEOUT_MS and DB_QUERY_TIMEOUT_MS. */
  database: DatabaseSettings;
  policyDir: string;
  defaultUser: string | undefined;
  /** LOG_LEVEL: the least severe level logged; `debug` logs each decision. */
  logLevel: LogLevel;
  /** Whether an edit to the policy folder reloads the policy (POLICY_WATCH). */
  policyWatch: boolean;
  /** CORS_ORIGINS: the browser origins whose pages may call the API (`*` for any); none by default. */
  corsOrigins: string[];
  /** The authorization caches' settings; undefined when AUTHZ_CACHE=off. */
  authzCache: Required<DecisionCacheOptions> | undefined;
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

/**
 * The caller of requests that name none. The seed's larry during
 * development; in production nobody unless DEFAULT_USER says so, so a
 * missing header never quietly acts as someone. Set but empty means nobody.
 */
function parseDefaultUser(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DEFAULT_USER !== undefined) return env.DEFAULT_USER || undefined;
  return env.NODE_ENV === 'production' ? undefined : DEFAULTS.defaultUser;
}

/** From the most severe: a level logs itself and everything above it. */
const LOG_LEVELS: LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'log',
  'debug',
  'verbose',
];

function parseLogLevel(env: NodeJS.ProcessEnv): LogLevel {
  const value = env.LOG_LEVEL || 'log';
  if (!LOG_LEVELS.includes(value as LogLevel)) {
    throw new InvalidConfigError(
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`,
    );
  }
  return value as LogLevel;
}

/** The levels Nest logs under LOG_LEVEL `level`. */
export function logLevelsFrom(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

/**
 * POLICY_WATCH: `on` or `off`; by default on, except in production and
 * under Jest (NODE_ENV=test), where policies do not change while running.
 */
function parsePolicyWatch(env: NodeJS.ProcessEnv): boolean {
  const value = env.POLICY_WATCH;
  if (value === undefined || value === '') {
    return env.NODE_ENV !== 'production' && env.NODE_ENV !== 'test';
  }
  if (value !== 'on' && value !== 'off') {
    throw new InvalidConfigError(
      `POLICY_WATCH must be on or off, got "${value}"`,
    );
  }
  return value === 'on';
}

/**
 * AUTHZ_CACHE (`on`, the default, or `off`), AUTHZ_CACHE_TTL_MS (how long an
 * answer is kept, 2000 by default) and AUTHZ_CACHE_MAX (how many, 10000).
 */
function parseAuthzCache(
  env: NodeJS.ProcessEnv,
): Required<DecisionCacheOptions> | undefined {
  const switchedOn = env.AUTHZ_CACHE || 'on';
  if (switchedOn !== 'on' && switchedOn !== 'off') {
    throw new InvalidConfigError(
      `AUTHZ_CACHE must be on or off, got "${switchedOn}"`,
    );
  }
  const ttlMs = positiveInteger(
    'AUTHZ_CACHE_TTL_MS',
    env.AUTHZ_CACHE_TTL_MS,
    DECISION_CACHE_DEFAULTS.ttlMs,
  );
  const maxEntries = positiveInteger(
    'AUTHZ_CACHE_MAX',
    env.AUTHZ_CACHE_MAX,
    DECISION_CACHE_DEFAULTS.maxEntries,
  );
  return switchedOn === 'on' ? { ttlMs, maxEntries } : undefined;
}

function parseDatabaseSettings(env: NodeJS.ProcessEnv): DatabaseSettings {
  const migrate = env.DB_MIGRATE || String(DATABASE_DEFAULTS.migrate);
  if (migrate !== 'true' && migrate !== 'false') {
    throw new InvalidConfigError(
      `DB_MIGRATE must be true or false, got "${migrate}"`,
    );
  }
  return {
    migrate: migrate === 'true',
    poolSize: positiveInteger(
      'DB_POOL_SIZE',
      env.DB_POOL_SIZE,
      DATABASE_DEFAULTS.poolSize,
    ),
    connectTimeoutMs: positiveInteger(
      'DB_CONNECT_TIMEOUT_MS',
      env.DB_CONNECT_TIMEOUT_MS,
      DATABASE_DEFAULTS.connectTimeoutMs,
    ),
    queryTimeoutMs: positiveInteger(
      'DB_QUERY_TIMEOUT_MS',
      env.DB_QUERY_TIMEOUT_MS,
      DATABASE_DEFAULTS.queryTimeoutMs,
    ),
  };
}

function positiveInteger(
  name: string,
  value: string | undefined,
  fallback: number,
): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidConfigError(
      `${name} must be a positive integer, got "${value}"`,
    );
  }
  return number;
}

/** CORS_ORIGINS: origins such as `http://localhost:5173`, separated by commas, or `*`. */
function parseCorsOrigins(value: string | undefined): string[] {
  const origins = (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new InvalidConfigError(
        `CORS_ORIGINS must list origins such as "http://localhost:5173" (scheme, host and port, no path), or be "*", got "${origin}"`,
      );
    }
  }
  return origins;
}

/** Parses the environment; throws an {@link InvalidConfigError} naming the bad variable. */
export function parseAppConfig(env: NodeJS.ProcessEnv): AppConfig {
  return {
    port: parsePort(env.PORT),
    databaseUrl: env.DATABASE_URL || DEFAULTS.databaseUrl,
    database: parseDatabaseSettings(env),
    policyDir: resolve(env.POLICY_DIR || DEFAULTS.policyDir),
    defaultUser: parseDefaultUser(env),
    logLevel: parseLogLevel(env),
    policyWatch: parsePolicyWatch(env),
    authzCache: parseAuthzCache(env),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
  };
}

export const appConfig = registerAs('app', () => parseAppConfig(process.env));
