actor User {}

resource Repository {
  permissions = ["read", "push", "delete", "manage_roles"];
  roles = ["contributor", "maintainer", "admin"];

  "read" if "contributor";
  "push" if "maintainer";
  "delete" if "admin";
  "manage_roles" if "admin";

  "maintainer" if "admin";
  "contributor" if "maintainer";
}

# This rule tells Oso how to fetch roles for a repository: the caller's role
# on this one repository, so a check costs the same whatever else they hold.
has_role(actor: User, role_name: String, repository: Repository) if
  role in repository.roles and
  role.userId = actor.id and
  role_name = role.name;

allow(actor, action, resource) if
  has_permission(actor, action, resource);
