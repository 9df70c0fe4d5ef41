# A small policy for the module's own specs: people, documents, grants.
actor Person {}

resource Doc {
  permissions = ["read", "edit", "archive"];
  roles = ["viewer", "editor"];

  "read" if "viewer";
  "edit" if "editor";
  "viewer" if "editor";
}

has_role(person: Person, name: String, doc: Doc) if
  grant in person.grants and
  grant.role = name and
  grant.doc = doc;

allow(actor, action, resource) if
  has_permission(actor, action, resource);
