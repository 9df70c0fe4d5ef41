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
  /** Not in the seed: a few issues for the issue routes to show. */
  issues: [
    { title: 'Login page is blank', repository: 'gmail', creator: 'larry' },
    { title: 'Search is slow', repository: 'gmail', creator: 'larry' },
    { title: 'Hooks run twice', repository: 'react', creator: 'anne' },
    {
      title: 'Polar error names the wrong line',
      repository: 'oso',
      creator: 'graham',
    },
  ],
} as const;
