import { escapeHtml } from '../http/escape-html';
import type { RepositoryDto } from './dto/repository.dto';

/** The seed's page for a repository the caller may read. */
export function repoPage(repository: RepositoryDto): string {
  return `<h1>A Repo</h1><p>Welcome to repo ${escapeHtml(repository.name)}</p>`;
}
