import { DataSource } from 'typeorm';
import { Repository } from '../repositories/repository.entity';
import { Role } from '../users/role.entity';
import { User } from '../users/user.entity';
import { Ticket } from './__fixtures__/ticket';
import { entityPlaceholder, PLACEHOLDER_KEY } from './entity-placeholder';

describe('entityPlaceholder', () => {
  const dataSource = new DataSource({
    type: 'sqlite',
    database: ':memory:',
    entities: [User, Role, Repository, Ticket],
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
    const ticket = entityPlaceholder(dataSource, Ticket);
    expect(ticket.repositoryId).toBe(PLACEHOLDER_KEY);
    expect(ticket.creatorId).toBe(PLACEHOLDER_KEY);
    expect(ticket.repository).toBeInstanceOf(Repository);
    expect(ticket.creator).toBeInstanceOf(User);
    expect(ticket).toMatchObject({ id: null, title: '', closed: false });
  });
});
