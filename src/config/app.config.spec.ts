import { resolve } from 'node:path';
import { parseAppConfig } from './app.config';

describe('parseAppConfig', () => {
  it('defaults to the seed: port 5000, larry, policies/, a sqlite file under data/', () => {
    expect(parseAppConfig({})).toEqual({
      port: 5000,
      databaseUrl: 'sqlite:data/quickstart.sqlite',
      policyDir: resolve('policies'),
      defaultUser: 'larry',
    });
  });

  it('reads every variable', () => {
    expect(
      parseAppConfig({
        PORT: '8080',
        DATABASE_URL: 'sqlite:/tmp/x.sqlite',
        POLICY_DIR: '/etc/policies',
        DEFAULT_USER: 'anne',
      }),
    ).toEqual({
      port: 8080,
      databaseUrl: 'sqlite:/tmp/x.sqlite',
      policyDir: '/etc/policies',
      defaultUser: 'anne',
    });
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
