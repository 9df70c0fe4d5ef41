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
    const policy = this.oso.policyVersion;
    const matrix = await found(
      this.matrices.matrix(type, { limit: MATRIX_LIMIT }),
    );
    return matrixPage(
      matrix,
      policy,
      this.history.record(matrix, policy),
      this.matrices.classNames,
    );
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
