/** The seed's data (models.py): who holds which role on which repository. */
export const QUICKSTART_SEED = {
  repositories: [
    { name: 'gmail', isPublic: false },
    { name: 'react', isPublic: true },
    { name: 'oso', isPublic: false },
  ],
  roles: [
    { user: 'larry', role: 'admin', repository: 'gmail' },
    { user: 'anne', role: 'maintainer', repository: 'react' },
    { user: 'graham', role: 'contributor', repository: 'oso' },
  ],
} as const;
