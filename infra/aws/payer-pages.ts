import { NestedStack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FunctionSpec } from '#functions/manifest.ts';

/** The prefix of the payer pages' routes: the pages the API renders and their forms (issue 6). */
const PAYER_PAGES_PREFIX = '/api/payer/';

/**
 * The routes under the prefix that stay in the main stack, where they were before the payer pages
 * had a stack of their own: a route moved between stacks is created in one before it is deleted
 * from the other, and the deployment fails on its route key (docs/decisions.md, "Staff pages
 * live in a nested stack"). In the main stack, `{page}`'s two routes are updated in place to
 * their new function, the catch-all; the access-code form keeps its own.
 */
const KEPT_IN_MAIN_STACK: ReadonlySet<string> = new Set([
  'GET /api/payer/{page}',
  'POST /api/payer/{page}',
  'POST /api/payer/access-code',
]);

/** A payer page or form of the nested stack: an HTML route under `/api/payer/`, but those kept. */
export function isPayerPage(spec: FunctionSpec): boolean {
  const t = spec.trigger;
  return (
    t.kind === 'http' &&
    t.path.startsWith(PAYER_PAGES_PREFIX) &&
    !KEPT_IN_MAIN_STACK.has(`${t.method} ${t.path}`)
  );
}

export interface PayerPagesProps {
  stage: string;
}

/**
 * The payer pages' functions, in a CloudFormation stack nested in the main one as the staff pages'
 * are (infra/aws/staff-pages.ts), each with its role and policy, log group, route, integration,
 * Lambda permission, alarms and log filters; what they use of the main stack CDK passes in as
 * parameters, and the main stack takes nothing back.
 *
 * Why: with a route and a function per payer page (issue 15, so that each has grants of its
 * own: the time limits read the settings only, sign-out touches nothing) the main stack, at 451
 * of CloudFormation's 500 resources, would pass the limit (docs/decisions.md, "AWS stack layout"):
 * seventeen routes, nine resources each and a log filter for each that checks access codes.
 * None of these routes needs the JWT authorizer, which stays with the API in the main stack.
 */
export class PayerPages extends NestedStack {
  /** Where the pages' routes are made: the API is the main stack's, the routes are these. */
  readonly routes: Construct;

  constructor(scope: Construct, id: string, { stage }: PayerPagesProps) {
    super(scope, id, {
      description: `Social-insurance fee disputes (${stage}): the payer pages (/api/payer/)`,
    });
    this.routes = new Construct(this, 'Routes');
  }
}
