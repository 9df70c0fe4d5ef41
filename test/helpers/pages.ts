/** The seed's answers for GET /repo/:name, as a browser sees them. */
export const repoPage = (name: string) =>
  `<h1>A Repo</h1><p>Welcome to repo ${name}</p>`;

export const notFoundPage = (name: string) =>
  `<h1>Whoops!</h1><p>Repo named ${name} was not found</p>`;

export const notFoundJson = (name: string) => ({
  statusCode: 404,
  error: 'Not Found',
  message: `Repo named ${name} was not found`,
});
