import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The app's policy folder as it is now, the user's edits included: what
 * `createTestApp()` runs by default, for specs of the user's own features.
 */
export const LIVE_POLICIES = join(__dirname, '../../policies');

const FIXTURES = join(__dirname, '../fixtures/policies');

/**
 * The policy the project ships, pinned: specs of the framework run on it, so
 * editing policies/ (the README's tutorial, say) does not break them.
 */
export const SEED_POLICIES = join(FIXTURES, 'seed');

/** {@link SEED_POLICIES} plus the tutorial's rule, in public.polar. */
export const TUTORIAL_POLICIES = join(FIXTURES, 'tutorial');

/** The rule the README's tutorial appends to policies/main.polar. */
export const PUBLIC_READ_RULE = readFileSync(
  join(TUTORIAL_POLICIES, 'public.polar'),
  'utf8',
);

/** A policy folder, or the files (name to text) of one to write. */
export type Policies = string | Record<string, string>;

/** Every `.polar` file of `dir`, name to text: to start a variant from. */
export function readPolicies(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((name) => name.endsWith('.polar'))
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  );
}

/** The two policies most specs run under: the seed's, and the seed's after the tutorial step. */
export const POLICY_VARIANTS = [
  ['the seed policy', false],
  ['the tutorial rule', true],
] as const;

/** The pinned folder of one of {@link POLICY_VARIANTS}. */
export function pinnedPolicies(publicRule: boolean): string {
  return publicRule ? TUTORIAL_POLICIES : SEED_POLICIES;
}
