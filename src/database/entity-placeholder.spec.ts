import { DataSource } from 'typeorm';
import { Repository } from '../repositories/repository.entity';
import { Role } from '../users/role.entity';
import { User } from '../users/user.entity';
import { entityPlaceholder } from './entity-placeholder';

describe('entityPlaceholder', () => {
  const dataSource = new DataSource({
    type: 'sqlite',
    database: ':memory:',
    entities: [User, Role, Repository],
  });
  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());

  it('gives every column a value of its type, none undefined, and no key', () => {
    const repository = entityPlaceholder(dataSource, Repository, {
      name: 'nope',
    });
    expect(repository).toBeInstanceOf(Repository);
    expect({ ...repository }).toEqual({
      id: undefined,
      name: 'nope',
      isPublic: false,
      pushCount: 0,
      lastPushedAt: null,
      lastPushedBy: null,
    });
  });

  it('fills relations: a list for many, a placeholder for a required one', () => {
    const role = entityPlaceholder(dataSource, Role);
    expect(role.name).toBe('');
    expect(role.user).toBeInstanceOf(User);
    expect(role.user.roles).toEqual([]);
    expect(role.repository).toBeInstanceOf(Repository);
    expect(role.repository.isPublic).toBe(false);
    expect(role.id).toBeUndefined();
    expect(role.repository.id).toBeUndefined();
  });
});
