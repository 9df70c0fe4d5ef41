resource Issue {
  permissions = ["read", "close"];
  relations = { repository: Repository, creator: User };

  # Whoever may read a repository reads its issues.
  "read" if "read" on "repository";
  "close" if "maintainer" on "repository";
}

has_relation(repository: Repository, "repository", issue: Issue) if
  issue.repository = repository;

has_relation(user: User, "creator", issue: Issue) if
  issue.creator = user;

# Its creator closes an issue too, while they can still read it. Read is
# asked first: for an issue the caller cannot read, the creator is never
# looked up, so a hidden issue costs what a missing one does, creator or not.
has_permission(user: User, "close", issue: Issue) if
  has_permission(user, "read", issue) and
  has_relation(user, "creator", issue);

# Opening an issue is an action on its repository.
has_permission(user: User, "create_issue", repository: Repository) if
  has_role(user, "contributor", repository);
