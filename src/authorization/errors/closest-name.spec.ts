import { closestName } from './closest-name';

describe('closestName', () => {
  const columns = ['id', 'name', 'isPublic', 'pushCount', 'lastPushedBy'];

  it.each([
    ['is_public', 'isPublic'],
    ['ispublic', 'isPublic'],
    ['isPublc', 'isPublic'],
    ['nmae', 'name'],
    ['last_pushed_by', 'lastPushedBy'],
  ])('takes %s for %s', (name, meant) => {
    expect(closestName(name, columns)).toBe(meant);
  });

  it('suggests nothing far from every candidate, nor the name itself', () => {
    expect(closestName('owner', columns)).toBeUndefined();
    expect(closestName('name', ['name'])).toBeUndefined();
  });
});
