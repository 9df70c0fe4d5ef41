import { DataSource } from 'typeorm';
import { Repository } from '../repositories/repository.entity';
import { Role } from '../users/role.entity';
import { User } from '../users/user.entity';
import { Issue } from '../issues/issue.entity';
import { entityPlaceholder, PLACEHOLDER_KEY } from './entity-placeholder';

describe('entityPlaceholder', () => {
  const dataSource = new DataSource({
    type: 'sqlite',
    database: ':memory:',
    entities: [User, Role, Repository, Issue],
  });
  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());

  it('gives every column a value of its type, none undefined, and a null key', () => {
    const repository = entityPlaceholder(dataSource, Repository, {
      name: 'nope',
    });
    expect(repository).toBeInstanceOf(Repository);
    expect({ ...repository }).toEqual({
      id: null,
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
    expect(role.id).toBeNull();
    expect(role.repository.id).toBeNull();
  });

  it('gives a foreign key of its own the placeholder key', () => {
    const issue = entityPlaceholder(dataSource, Issue);
    expect(issue.repositoryId).toBe(PLACEHOLDER_KEY);
    expect(issue.creatorId).toBe(PLACEHOLDER_KEY);
    expect(issue.repository).toBeInstanceOf(Repository);
    expect(issue).toMatchObject({ id: null, title: '', closed: false });
  });
});
