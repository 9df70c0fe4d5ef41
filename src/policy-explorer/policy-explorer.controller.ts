import {
  Controller,
  Get,
  Header,
  NotFoundException,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { OsoService, Public } from '../authorization';
import { CallerRequiredGuard } from '../identity/caller-required.guard';
import { MatrixQueryDto } from './dto/matrix-query.dto';
import { WhyQueryDto } from './dto/why-query.dto';
import { MatrixHistory } from './matrix-history';
import {
  MATRIX_LIMIT,
  PermissionMatrixService,
  UnknownSubjectError,
} from './permission-matrix.service';
import { matrixPage, whyPage } from './policy-explorer.pages';

/** How often a matrix is drawn while the policy keeps changing under it. */
const MAX_DRAWINGS = 3;

/** Where the explorer's pages are: `/authz/matrix`, `/authz/why`. */
export const POLICY_EXPLORER_PATH = 'authz';

/**
 * A developer's view of the policy: who may do what, and why. No policy
 * rule guards it, as it shows every user's permissions to any caller;
 * AppModule leaves this module out under NODE_ENV=production, where its
 * routes do not exist. A string answer is sent as text/html by Express (a
 * Content-Type set here would mislabel an error's JSON too).
 */
@ApiExcludeController()
@Public()
@UseGuards(CallerRequiredGuard)
@Controller(POLICY_EXPLORER_PATH)
export class PolicyExplorerController {
  constructor(
    private readonly matrices: PermissionMatrixService,
    private readonly history: MatrixHistory,
    private readonly oso: OsoService,
  ) {}

  @Get('matrix')
  @Header('Cache-Control', 'no-store')
  async matrix(@Query() { type }: MatrixQueryDto): Promise<string> {
    // Drawn under one policy: one reloaded meanwhile (the matrix waits on
    // the database) would answer the later cells, and the history would
    // file its answers under the earlier version, marking nothing it
    // changed. Drawn again then; a policy saved over and over is shown as
    // the last drawing found it.
    for (let drawing = 1; ; drawing += 1) {
      const policy = this.oso.policyVersion;
      const matrix = await found(
        this.matrices.matrix(type, { limit: MATRIX_LIMIT }),
      );
      const same = this.oso.policyVersion.version === policy.version;
      if (same || drawing === MAX_DRAWINGS) {
        return matrixPage(
          matrix,
          policy,
          same ? this.history.record(matrix, policy) : undefined,
          this.matrices.classNames,
        );
      }
    }
  }

  @Get('why')
  @Header('Cache-Control', 'no-store')
  async why(@Query() question: WhyQueryDto): Promise<string> {
    const policy = this.oso.policyVersion;
    const [user, resource] = await found(
      Promise.all([
        this.matrices.findUser(question.user),
        this.matrices.findResource(question.resource),
      ]),
    );
    const explanation = await this.oso.explain(user, question.action, resource);
    return whyPage(question, explanation, policy);
  }
}

/** `promise`'s value; a user, class or resource that does not exist is a 404. */
async function found<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof UnknownSubjectError) {
      throw new NotFoundException(error.message);
    }
    throw error;
  }
}
