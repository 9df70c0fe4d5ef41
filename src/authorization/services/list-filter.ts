import { type Filter, type FilterCondition, type Oso, Variable } from 'oso';
import { Expression } from 'oso/dist/src/Expression';
import { parseFilter } from 'oso/dist/src/filter';
import { Pattern } from 'oso/dist/src/Pattern';

/**
 * The data filter of `className` instances `actor` may perform `action` on,
 * as oso's `authorizedQuery` builds it (oso 0.27.3 is pinned), but built
 * one branch of the policy at a time. oso merges the branches and lists
 * their relations once for all of them, so a list cannot tell a branch that
 * only asks a related row to exist (`_role in repository.roles`, no
 * condition left) from one that allows everything. Built apart, each
 * branch's groups state that their related rows exist, as `T.key = T.key`
 * (true only where a row of T was found), so every list holds exactly what
 * single checks allow.
 */
export async function listFilter(
  oso: Oso<object, string, object>,
  actor: object,
  action: string,
  className: string,
  keyOf: (className: string) => string,
): Promise<Filter> {
  const resource = new Variable('resource');
  const bindings = new Map([
    [
      'resource',
      new Expression('And', [
        new Expression('Isa', [
          resource,
          new Pattern({ tag: className, fields: {} }),
        ]),
      ]),
    ],
  ]);
  const host = oso.getHost();
  const types = host.serializeTypes();
  const branches: Filter[] = [];
  const results = oso.queryRule(
    { bindings, acceptExpression: true },
    'allow',
    actor,
    action,
    resource,
  );
  for await (const result of results) {
    const branch = [
      {
        bindings: new Map(
          [...result.entries()].map(([name, value]) => [
            name,
            host.toPolar(value),
          ]),
        ),
      },
    ];
    const json: unknown = oso
      .getFfi()
      .buildDataFilter(types, branch, 'resource', className);
    branches.push(await parseFilter(json as never, host));
  }
  return {
    model: className,
    relations: branches
      .flatMap(({ relations }) => relations)
      .filter(
        (relation, index, all) =>
          all.findIndex(
            (other) =>
              other.fromTypeName === relation.fromTypeName &&
              other.fromFieldName === relation.fromFieldName &&
              other.toTypeName === relation.toTypeName,
          ) === index,
      ),
    conditions: branches.flatMap(({ relations, conditions }) =>
      conditions.map((group) => [
        ...group,
        ...relations
          .map(({ toTypeName }) => toTypeName)
          .filter((type) => !names(group, type))
          .map((type) => exists(type, keyOf(type))),
      ]),
    ),
    types: host.types,
  };
}

function names(group: FilterCondition[], type: string): boolean {
  return group.some(({ lhs, rhs }) =>
    [lhs, rhs].some((side) => 'typeName' in side && side.typeName === type),
  );
}

/** True where a row of `type` was found: NULL = NULL is not. */
function exists(type: string, key: string): FilterCondition {
  const field = { typeName: type, fieldName: key };
  return { lhs: field, cmp: 'Eq', rhs: field };
}
