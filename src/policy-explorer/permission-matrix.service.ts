import { Injectable } from '@nestjs/common';
import { DataSource, type EntityMetadata, type EntityTarget } from 'typeorm';
import {
  OsoService,
  PolicyEvaluationError,
  type PolicyClass,
} from '../authorization';
import { byCodePoint } from '../database/code-point-order';
import { isStorableInteger, isStorableText } from '../database/storable';
import { POLICY_CLASSES } from '../policy-classes';
import { RepositoriesService } from '../repositories/repositories.service';
import { Repository } from '../repositories/repository.entity';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';

/**
 * Users and resources a matrix shows unless told otherwise: past that, a
 * table helps nobody, and each cell is a decision to compute.
 */
export const MATRIX_LIMIT = 25;

/** A user, class or resource named in a question that does not exist. */
export class UnknownSubjectError extends Error {
  override name = 'UnknownSubjectError';
}

/** Who may do what to which instances of one class. */
export interface PermissionMatrix {
  className: string;
  /** The users shown, by name, and how many there are in all. */
  users: string[];
  totalUsers: number;
  /**
   * The resources shown, each as a label (its name, or `Type:key`), as
   * `npm run authz` names it, and by its title when it has one.
   */
  resources: { label: string; reference: string; title?: string }[];
  totalResources: number;
  /**
   * `cells[user][resource]`: the permitted actions, sorted; null where the
   * policy failed while deciding.
   */
  cells: (string[] | null)[][];
  /** How the policy failed, when it did in some cell. */
  error?: string;
}

/**
 * The questions `npm run authz` and the policy explorer ask, on the
 * configured database: a user by name, a resource by repository name or
 * `Type:key`, and the permission matrix of a class.
 */
@Injectable()
export class PermissionMatrixService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly oso: OsoService,
    private readonly users: UsersService,
    private readonly repositories: RepositoriesService,
  ) {}

  /** The names of the classes a matrix can be drawn for. */
  get classNames(): string[] {
    return POLICY_CLASSES.map(({ name }) => name!);
  }

  async findUser(name: string): Promise<User> {
    const user = await this.users.findByName(name);
    if (!user) throw new UnknownSubjectError(`No user named ${name}`);
    return user;
  }

  /**
   * A repository by name, or `Type:key` of any registered class; a name that
   * reads both ways is refused rather than taken for either.
   */
  async findResource(reference: string): Promise<object> {
    const typed = /^([A-Za-z_]\w*):(.+)$/.exec(reference);
    const named = await this.repositories.findByName(reference);
    if (!typed || (named && !this.classNames.includes(typed[1]))) {
      if (!named) {
        throw new UnknownSubjectError(`No repository named ${reference}`);
      }
      return named;
    }
    const [, className, key] = typed;
    let found: object;
    try {
      found = await this.findByKey(className, key);
    } catch (error) {
      if (named && error instanceof UnknownSubjectError) return named;
      throw error;
    }
    if (named && !(found instanceof Repository && found.id === named.id)) {
      throw new UnknownSubjectError(
        `${reference} is a repository's name and a ${className}'s key: name the repository Repository:${named.id}`,
      );
    }
    return found;
  }

  private async findByKey(className: string, key: string): Promise<object> {
    const policyClass = this.classNamed(className);
    const repository = this.dataSource.getRepository(policyClass.type);
    const primaryKey = policyClass.primaryKey ?? 'id';
    const numeric = isNumeric(repository.metadata, primaryKey);
    // A key no column of its type can hold names no row: no query for it.
    const storable = numeric
      ? /^\d+$/.test(key) && isStorableInteger(Number(key))
      : isStorableText(key);
    if (!storable) {
      throw new UnknownSubjectError(
        `No ${className} with ${primaryKey} ${key}`,
      );
    }
    const found = await repository.findOneBy({
      [primaryKey]: numeric ? Number(key) : key,
    });
    if (!found) {
      throw new UnknownSubjectError(
        `No ${className} with ${primaryKey} ${key}`,
      );
    }
    return found;
  }

  /**
   * Every user down (by name), every instance of `className` across (by
   * primary key), and in each cell the actions the policy permits; at most
   * `limit` of each, when given.
   */
  async matrix(
    className: string,
    { limit }: { limit?: number } = {},
  ): Promise<PermissionMatrix> {
    const policyClass = this.classNamed(className);
    const key = policyClass.primaryKey ?? 'id';
    const [resources, totalResources] = await this.firstBy(
      policyClass.type,
      key,
      limit,
    );
    const [users, totalUsers] = await this.firstBy(User, 'name', limit);
    const cells: (string[] | null)[][] = [];
    let error: string | undefined;
    for (const user of users) {
      const row: (string[] | null)[] = [];
      for (const resource of resources) {
        try {
          row.push(await this.oso.authorizedActions(user, resource));
        } catch (failure) {
          if (!(failure instanceof PolicyEvaluationError)) throw failure;
          error ??= failure.message;
          row.push(null);
        }
      }
      cells.push(row);
    }
    return {
      className,
      users: users.map(({ name }) => name),
      totalUsers,
      resources: resources.map((resource) => {
        const fields = resource as Record<string, unknown>;
        const reference = `${className}:${String(fields[key])}`;
        const name = typeof fields.name === 'string' ? fields.name : undefined;
        const title =
          typeof fields.title === 'string' ? fields.title : undefined;
        return { label: name ?? reference, reference, title };
      }),
      totalResources,
      cells,
      error,
    };
  }

  /**
   * The first `limit` rows of `type` by `property`, text by code point as on
   * any database, and how many rows there are.
   */
  private firstBy<T extends object>(
    type: EntityTarget<T>,
    property: string,
    limit: number | undefined,
  ): Promise<[T[], number]> {
    const repository = this.dataSource.getRepository(type);
    const column = `row.${property}`;
    return repository
      .createQueryBuilder('row')
      .orderBy(
        isNumeric(repository.metadata, property)
          ? column
          : byCodePoint(this.dataSource, column),
        'ASC',
      )
      .take(limit)
      .getManyAndCount();
  }

  private classNamed(className: string): PolicyClass {
    const policyClass = POLICY_CLASSES.find(({ name }) => name === className);
    if (!policyClass) {
      throw new UnknownSubjectError(
        `No class ${className} in the policy; one of ${this.classNames.join(', ')}`,
      );
    }
    return policyClass;
  }
}

/** Whether the column of `property` holds numbers. */
function isNumeric(metadata: EntityMetadata, property: string): boolean {
  const { type } = metadata.findColumnWithPropertyName(property) ?? {};
  return type === Number || type === 'integer';
}
