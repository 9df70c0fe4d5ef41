# The policy of Oso's Node quickstart (osohq/oso-nodejs-quickstart,
# main.polar): roles on repositories, and the quickstart's has_role, which
# walks the actor's roles one by one. No public-read rule, as in the app's
# policies/main.polar before the tutorial step, so both answer alike.
allow(actor, action, resource) if
  has_permission(actor, action, resource);

actor User {}

resource Repository {
  permissions = ["read", "push", "delete"];
  roles = ["contributor", "maintainer", "admin"];

  "read" if "contributor";
  "push" if "maintainer";
  "delete" if "admin";

  "maintainer" if "admin";
  "contributor" if "maintainer";
}

has_role(actor: User, role_name: String, repository: Repository) if
  role in actor.roles and
  role_name = role.name and
  repository = role.repository;
