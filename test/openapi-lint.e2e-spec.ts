import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from './helpers/server-process';

// `npm run openapi:lint` as CI runs it: Redocly's recommended rules on the
// description /docs-json serves.
describe('npm run openapi:lint', () => {
  it('finds no problem in the served description', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/cli/openapi-lint.ts'],
      { cwd: ROOT },
    );
    expect(stdout).toBe('openapi lint: 0 problems\n');
  });
});
