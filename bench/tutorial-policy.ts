import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
} from 'node:fs';
import { join } from 'node:path';
import { PUBLIC_READ_RULE } from '../test/helpers/policies';
import { LIVE_POLICIES } from './servers';

/**
 * A copy of the app's policy folder in `dir` after the README's tutorial
 * step: the public-read rule, word for word as the project's specs pin it,
 * appended to main.polar. The lists' targets are asked on it, so a tenth of
 * the repositories are readable by everyone and join every list.
 */
export function tutorialPolicies(dir: string): string {
  const folder = join(dir, 'policies-tutorial');
  mkdirSync(folder);
  for (const name of readdirSync(LIVE_POLICIES)) {
    if (name.endsWith('.polar')) {
      cpSync(join(LIVE_POLICIES, name), join(folder, name));
    }
  }
  const main = join(folder, 'main.polar');
  if (!existsSync(main)) {
    throw new Error(
      `${LIVE_POLICIES} has no main.polar for the tutorial's rule`,
    );
  }
  appendFileSync(main, `\n${PUBLIC_READ_RULE}`);
  return folder;
}
