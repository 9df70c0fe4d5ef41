import {
  callParts,
  pathsIn,
  ruleAt,
  ruleParts,
  splitTopLevel,
  variablesIn,
} from './polar-text';

describe('Polar text', () => {
  const source = [
    'resource Repository {',
    '  "push" if "maintainer";',
    '}',
    '',
    '# a comment; with a semicolon',
    'has_role(actor: User, name: String, repository: Repository) if',
    "  role in repository.roles and  # the caller's rows; only",
    '  role.name = "a;b" and',
    '  name = role.name;',
    'allow(actor, action, resource) if has_permission(actor, action, resource);',
  ].join('\n');

  it('takes the rule at a place up to its semicolon, comments dropped, strings kept', () => {
    expect(ruleAt(source, 6, 1)).toBe(
      'has_role(actor: User, name: String, repository: Repository) if role in repository.roles and role.name = "a;b" and name = role.name;',
    );
    expect(ruleAt(source, 2, 3)).toBe('"push" if "maintainer";');
    expect(ruleAt(source, 10, 1)).toBe(
      'allow(actor, action, resource) if has_permission(actor, action, resource);',
    );
  });

  it('finds no rule past the end of the file, nor without a semicolon', () => {
    expect(ruleAt(source, 11, 1)).toBeUndefined();
    expect(ruleAt('allow(a, b, c) if', 1, 1)).toBeUndefined();
  });

  it('splits at a word or comma outside strings and brackets only', () => {
    expect(
      splitTopLevel('a = "x and y" and f(b and c) and band', 'and'),
    ).toEqual(['a = "x and y"', 'f(b and c)', 'band']);
    expect(splitTopLevel('a, [b, c], {d: 1, e: 2}, "f,g"', ',')).toEqual([
      'a',
      '[b, c]',
      '{d: 1, e: 2}',
      '"f,g"',
    ]);
  });

  it('takes a rule apart into name, parameters and conditions', () => {
    expect(
      ruleParts(
        'has_permission(actor: Actor{}, "push", repository: Repository{}) if has_role(actor, "maintainer", repository);',
      ),
    ).toEqual({
      name: 'has_permission',
      params: ['actor: Actor{}', '"push"', 'repository: Repository{}'],
      conditions: ['has_role(actor, "maintainer", repository)'],
    });
    expect(ruleParts('is_admin(User{name: "root"});')).toMatchObject({
      params: ['User{name: "root"}'],
      conditions: [],
    });
  });

  it('keeps a body with an "or" whole: its parts do not hold one after another', () => {
    expect(
      ruleParts('f(x) if x.a = 1 or (x.b = 2 and not x.c);')?.conditions,
    ).toEqual(['x.a = 1 or (x.b = 2 and not x.c)']);
  });

  it('refuses what is not a rule', () => {
    expect(ruleParts('"push" if "maintainer";')).toBeUndefined();
    expect(ruleParts('f(x) if a if b;')).toBeUndefined();
  });

  it('reads a call, and only a call', () => {
    expect(callParts('has_role(actor, "admin", issue.repository)')).toEqual({
      name: 'has_role',
      args: ['actor', '"admin"', 'issue.repository'],
    });
    expect(callParts('f(a) and g(b)')).toBeUndefined();
    expect(callParts('x.f(a)')).toBeUndefined();
    expect(callParts('role in repository.roles')).toBeUndefined();
  });

  it('names the variables and attribute paths a condition reads', () => {
    expect(variablesIn('role_name = role.name and x matches User{}')).toEqual([
      'role_name',
      'role',
      'x',
    ]);
    expect(variablesIn('actor.name in ["root", "admin"] and not nil')).toEqual([
      'actor',
    ]);
    expect(
      pathsIn('role in repository.roles and role.user.name = "a.b"'),
    ).toEqual(['repository.roles', 'role.user.name']);
    expect(pathsIn('x.f(1) = 2')).toEqual([]);
  });
});
