import { Repository } from '../repository.entity';

/** What the API shows of a repository. */
export class RepositoryDto {
  name: string;
  isPublic: boolean;

  static from(repository: Repository): RepositoryDto {
    return { name: repository.name, isPublic: repository.isPublic };
  }
}
