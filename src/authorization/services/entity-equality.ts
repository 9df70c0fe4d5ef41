import { defaultEqualityFn } from 'oso';
import type { PolicyClass } from '../interfaces/oso-module-options.interface';

type EqualityFn = (left: unknown, right: unknown) => boolean;

/**
 * Polar's `=` for the registered classes: same class and same primary key.
 * Oso's default is a deep compare, under which a repository loaded by the
 * route and the same repository loaded through a user's roles differ as soon
 * as their relations differ, and the check would silently deny. Instances
 * without a key (not yet saved) equal only themselves. Other values keep the
 * default.
 */
export function entityEquality(classes: PolicyClass[]): EqualityFn {
  const keys = new Map<unknown, string>(
    classes.map((cls) => [cls.type, cls.primaryKey ?? 'id']),
  );
  return (left, right) => {
    if (!isObject(left) || !isObject(right)) {
      return defaultEqualityFn(left, right);
    }
    const key = keys.get(left.constructor) ?? keys.get(right.constructor);
    if (key === undefined) return defaultEqualityFn(left, right);
    if (left === right) return true;
    const leftKey = left[key];
    return (
      left.constructor === right.constructor &&
      leftKey !== undefined &&
      leftKey !== null &&
      leftKey === right[key]
    );
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
