import { NestedStack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FunctionSpec } from '#functions/manifest.ts';

/** A staff page: an HTML route the handler guards with the session cookie (`auth: 'session'`). */
export function isStaffPage(spec: FunctionSpec): boolean {
  return spec.trigger.kind === 'http' && spec.trigger.auth === 'session';
}

export interface StaffPagesProps {
  stage: string;
}

/**
 * The staff pages' functions, in a CloudFormation stack nested in the main one, each with all
 * that is its own: role and policy, log group, route with its integration and Lambda permission,
 * and its two alarms. What they use of the main stack (the API, table, queues, keys, secrets,
 * bucket, alarm topic, site URL) CDK passes in as parameters; the main stack takes nothing back.
 *
 * Why: CloudFormation refuses a stack of more than 500 resources, and each HTTP function costs
 * nine. With the staff pages the one stack held 516 (issue 11), and every page issue 12 adds
 * costs nine more. Here, the main stack's count no longer depends on the number of pages, and
 * this one holds nine per page: about fifty pages in all under the margin of 450 resources that
 * test/infra/stack.test.ts keeps for both (docs/decisions.md, "AWS stack layout"). A route per
 * page stays: each has grants of its own.
 *
 * Only staff pages belong here: they are the group that grows, and none needs the JWT authorizer,
 * which stays with the API in the main stack.
 */
export class StaffPages extends NestedStack {
  /** Where the pages' routes are made: the API is the main stack's, the routes are these. */
  readonly routes: Construct;

  constructor(scope: Construct, id: string, { stage }: StaffPagesProps) {
    super(scope, id, {
      description: `Social-insurance fee disputes (${stage}): the staff pages (auth "session")`,
    });
    this.routes = new Construct(this, 'Routes');
  }
}
