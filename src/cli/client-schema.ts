import { join } from 'node:path';

/** The typed client's schema, from the project's root. */
export const CLIENT_SCHEMA = 'client/schema.d.ts';

/** {@link CLIENT_SCHEMA} on disk, from src/cli or, once built, dist/cli. */
export const CLIENT_SCHEMA_PATH = join(__dirname, '..', '..', CLIENT_SCHEMA);

/**
 * The environment the schema is generated under, whatever the shell's:
 * the app as `npm start` runs it in development (so X-User is optional and
 * larry the default caller), without watching the policy. Undefined unsets.
 */
export const CLIENT_SCHEMA_ENV: Record<string, string | undefined> = {
  NODE_ENV: undefined,
  DEFAULT_USER: undefined,
  POLICY_WATCH: 'off',
};
