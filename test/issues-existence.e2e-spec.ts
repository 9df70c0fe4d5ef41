import request from 'supertest';
import { existenceSpecs } from './helpers/existence';

// graham opens an issue on gmail, then loses his role there: under the live
// policy, his issue must cost what a missing one does, though he created it.
describe('a creator who lost the repository cannot tell their issue exists', () =>
  existenceSpecs({
    prepare: async (app) => {
      const as = (user: string) => (req: request.Test) =>
        req.set('X-User', user).set('Accept', 'application/json');
      const agent = request(app.getHttpServer());
      expect(
        (
          await as('larry')(agent.put('/repo/gmail/roles/graham')).send({
            role: 'contributor',
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await as('graham')(agent.post('/repo/gmail/issues')).send({
            title: 'Mine',
          })
        ).status,
      ).toBe(201);
      expect(
        (await as('larry')(agent.delete('/repo/gmail/roles/graham'))).status,
      ).toBe(204);
    },
    hidden: [['graham', 'gmail']],
  }));
