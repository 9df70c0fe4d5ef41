import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Issue } from '../issues/issue.entity';
import { Repository } from '../repositories/repository.entity';
import { Role } from '../users/role.entity';
import { User } from '../users/user.entity';
import { QUICKSTART_SEED } from './quickstart-seed';
import { takeSeedLock } from './schema-lock';

/**
 * Fills an empty database with the quickstart's data before the app takes
 * requests. A database that holds any user or repository is left alone, so
 * restarts neither duplicate nor wipe anything.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SeedService.name);

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const seeded = await this.dataSource.transaction(async (manager) => {
      // A second instance starting now waits, then finds the seed there.
      await takeSeedLock(manager);
      const empty =
        (await manager.count(User)) === 0 &&
        (await manager.count(Repository)) === 0;
      if (empty) await this.insertSeed(manager);
      return empty;
    });
    if (seeded) this.logger.log('Seeded the empty database');
  }

  private async insertSeed(manager: EntityManager): Promise<void> {
    const repositories = new Map<string, Repository>();
    for (const data of QUICKSTART_SEED.repositories) {
      repositories.set(
        data.name,
        await manager.save(manager.create(Repository, data)),
      );
    }
    const users = new Map<string, User>();
    for (const { user, role, repository } of QUICKSTART_SEED.roles) {
      const saved = await manager.save(manager.create(User, { name: user }));
      users.set(user, saved);
      await manager.save(
        manager.create(Role, {
          name: role,
          user: saved,
          repository: repositories.get(repository),
        }),
      );
    }
    for (const { title, repository, creator } of QUICKSTART_SEED.issues) {
      await manager.save(
        manager.create(Issue, {
          title,
          repositoryId: repositories.get(repository)!.id,
          creatorId: users.get(creator)!.id,
        }),
      );
    }
  }
}
