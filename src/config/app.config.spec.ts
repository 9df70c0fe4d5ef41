import { resolve } from 'node:path';
import { parseAppConfig } from './app.config';

describe('parseAppConfig', () => {
  it('defaults to the seed: port 5000, larry, policies/, a sqlite file under data/', () => {
    expect(parseAppConfig({})).toEqual({
      port: 5000,
      databaseUrl: 'sqlite:data/quickstart.sqlite',
      database: {
        migrate: true,
        poolSize: 10,
        connectTimeoutMs: 5000,
        queryTimeoutMs: 10000,
      },
      policyDir: resolve('policies'),
      defaultUser: 'larry',
      logLevel: 'log',
      policyWatch: true,
      authzCache: { ttlMs: 2000, maxEntries: 10000 },
      corsOrigins: [],
    });
  });

  it('reads every variable', () => {
    expect(
      parseAppConfig({
        PORT: '8080',
        DATABASE_URL: 'sqlite:/tmp/x.sqlite',
        POLICY_DIR: '/etc/policies',
        DEFAULT_USER: 'anne',
        AUTHZ_CACHE_TTL_MS: '500',
        AUTHZ_CACHE_MAX: '20',
        POLICY_WATCH: 'off',
        LOG_LEVEL: 'debug',
        DB_MIGRATE: 'false',
        DB_POOL_SIZE: '4',
        DB_CONNECT_TIMEOUT_MS: '2000',
        DB_QUERY_TIMEOUT_MS: '3000',
        CORS_ORIGINS: 'http://localhost:5173, https://app.example.com',
      }),
    ).toEqual({
      port: 8080,
      databaseUrl: 'sqlite:/tmp/x.sqlite',
      database: {
        migrate: false,
        poolSize: 4,
        connectTimeoutMs: 2000,
        queryTimeoutMs: 3000,
      },
      policyDir: '/etc/policies',
      defaultUser: 'anne',
      logLevel: 'debug',
      policyWatch: false,
      authzCache: { ttlMs: 500, maxEntries: 20 },
      corsOrigins: ['http://localhost:5173', 'https://app.example.com'],
    });
  });

  it('watches the policy by default, except in production and under Jest', () => {
    expect(parseAppConfig({}).policyWatch).toBe(true);
    expect(parseAppConfig({ NODE_ENV: 'production' }).policyWatch).toBe(false);
    expect(parseAppConfig({ NODE_ENV: 'test' }).policyWatch).toBe(false);
    expect(
      parseAppConfig({ NODE_ENV: 'test', POLICY_WATCH: 'on' }).policyWatch,
    ).toBe(true);
  });

  it('turns the authorization caches off with AUTHZ_CACHE=off', () => {
    expect(parseAppConfig({ AUTHZ_CACHE: 'off' }).authzCache).toBeUndefined();
    expect(parseAppConfig({ AUTHZ_CACHE: 'on' }).authzCache).toEqual({
      ttlMs: 2000,
      maxEntries: 10000,
    });
  });

  it.each([
    ['AUTHZ_CACHE', 'no', 'AUTHZ_CACHE must be on or off, got "no"'],
    ['POLICY_WATCH', 'yes', 'POLICY_WATCH must be on or off, got "yes"'],
    [
      'LOG_LEVEL',
      'trace',
      'LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose, got "trace"',
    ],
    [
      'AUTHZ_CACHE_TTL_MS',
      '0',
      'AUTHZ_CACHE_TTL_MS must be a positive integer, got "0"',
    ],
    [
      'AUTHZ_CACHE_MAX',
      '1e3',
      'AUTHZ_CACHE_MAX must be a positive integer, got "1e3"',
    ],
    ['DB_MIGRATE', 'no', 'DB_MIGRATE must be true or false, got "no"'],
    ['DB_POOL_SIZE', '0', 'DB_POOL_SIZE must be a positive integer, got "0"'],
    [
      'DB_CONNECT_TIMEOUT_MS',
      '5s',
      'DB_CONNECT_TIMEOUT_MS must be a positive integer, got "5s"',
    ],
    [
      'DB_QUERY_TIMEOUT_MS',
      '-1',
      'DB_QUERY_TIMEOUT_MS must be a positive integer, got "-1"',
    ],
    [
      'CORS_ORIGINS',
      'http://localhost:5173/app',
      'CORS_ORIGINS must list origins such as "http://localhost:5173" (scheme, host and port, no path), or be "*", got "http://localhost:5173/app"',
    ],
  ])('refuses %s=%s, naming it', (name, value, message) => {
    expect(() => parseAppConfig({ [name]: value })).toThrow(message);
  });

  it('has no default caller in production unless DEFAULT_USER says so', () => {
    expect(
      parseAppConfig({ NODE_ENV: 'production' }).defaultUser,
    ).toBeUndefined();
    expect(
      parseAppConfig({ NODE_ENV: 'production', DEFAULT_USER: 'anne' })
        .defaultUser,
    ).toBe('anne');
  });

  it('takes an empty DEFAULT_USER to mean no default caller', () => {
    expect(parseAppConfig({ DEFAULT_USER: '' }).defaultUser).toBeUndefined();
  });

  it.each(['0', '65536', '80.5', '-1', 'http'])('rejects PORT=%s', (port) => {
    expect(() => parseAppConfig({ PORT: port })).toThrow(
      `PORT must be an integer from 1 to 65535, got "${port}"`,
    );
  });
});
