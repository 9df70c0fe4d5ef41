import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROLES } from './repository-roles';

describe('REPOSITORY_ROLES', () => {
  it('lists exactly the roles policies/main.polar declares for Repository', () => {
    const policy = readFileSync(
      join(__dirname, '../../policies/main.polar'),
      'utf8',
    );
    const block = /resource Repository \{([\s\S]*?)\n\}/.exec(policy)?.[1];
    const declared = /roles = \[([^\]]*)\];/.exec(block ?? '')?.[1];
    expect(declared).toBeDefined();
    const roles = [...(declared ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(roles).toEqual([...REPOSITORY_ROLES]);
  });
});
