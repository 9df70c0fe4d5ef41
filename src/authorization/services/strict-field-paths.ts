import { Relation } from 'oso';
import { Host } from 'oso/dist/src/Host';
import type { Class, PolarTerm, UserType } from 'oso/dist/src/types';
import { UnregisteredFieldError } from '../errors/unregistered-field.error';

const PATCHED = Symbol.for('oso-nestjs-quickstart.strict-field-paths');

/**
 * Filtering a list, Polar asks the host whether `issue.repository` is a
 * `Repository`; oso answers "no" when the class was registered without that
 * field, and the list comes back empty for everyone. This makes the answer
 * an error naming the class and the field instead. oso offers no hook for
 * it, so it wraps `Host.prototype.isaWithPath` (oso 0.27.3 is pinned), once
 * per process; fields that are registered are answered by oso as before.
 */
export function refuseUnregisteredFieldPaths(): void {
  const prototype = Host.prototype as Host<unknown, unknown> & {
    [PATCHED]?: true;
  };
  if (prototype[PATCHED]) return;
  // Unbound on purpose: it is called below with each query's host as `this`.
  const isaWithPath = Reflect.get(prototype, 'isaWithPath');
  prototype.isaWithPath = async function (
    this: Host<unknown, unknown>,
    baseTag: string,
    path: PolarTerm[],
    classTag: string,
  ): Promise<boolean> {
    let tag: string | undefined = baseTag;
    for (const term of path) {
      const type: UserType<Class> | undefined =
        tag === undefined ? undefined : this.types.get(tag);
      const field = await this.toJs(term);
      if (type === undefined || typeof field !== 'string') break;
      const fieldType: Class | Relation | undefined = type.fields.get(field);
      if (fieldType === undefined) {
        throw new UnregisteredFieldError(type.name, field);
      }
      tag =
        fieldType instanceof Relation
          ? fieldType.kind === 'one'
            ? fieldType.otherType
            : undefined
          : this.types.get(fieldType)?.name;
    }
    return isaWithPath.call(this, baseTag, path, classTag);
  };
  prototype[PATCHED] = true;
}
