import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository as TypeOrmRepository } from 'typeorm';
import { Repository } from './repository.entity';

@Injectable()
export class RepositoriesService {
  constructor(
    @InjectRepository(Repository)
    private readonly repositories: TypeOrmRepository<Repository>,
  ) {}

  findByName(name: string): Promise<Repository | null> {
    return this.repositories.findOneBy({ name });
  }
}
