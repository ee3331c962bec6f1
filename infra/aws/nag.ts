/**
 * cdk-nag's AwsSolutions checks, and the one way this app acknowledges a finding it keeps.
 *
 * cdk-nag 3 runs as a CDK policy-validation plugin: a finding that is not acknowledged fails
 * `cdk synth` (and `app.synth()` in tests) with a report. Acknowledgements go through CDK's
 * `Validations.of(scope).acknowledge`, always on the construct that owns the finding, never on a
 * stack, and always with the reason the finding is kept. They are written into the template's
 * metadata (`cdk_nag.rules_to_suppress`), so a reviewer of the template sees them too.
 *
 * IAM wildcard findings (AwsSolutions-IAM5) are acknowledged one by one, by their exact text
 * (`Action::kms:GenerateDataKey*`, `Resource::<TableCD117FA1.Arn>/index/*`), computed from the
 * same tokens the grant used; a wildcard nobody explained still fails the synth.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The rule pack, as `cdk synth` runs it. */
export function awsSolutionsChecks(scope: IConstruct): AwsSolutionsChecks {
  return new AwsSolutionsChecks(scope, { verbose: true, writeSuppressionsToCloudFormation: true });
}

/**
 * Acknowledges rule `rule` (e.g. `COG2`) of the AwsSolutions pack on the resource `scope` stands
 * for (its default child, when it has one), and so on nothing else.
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope.node.defaultChild ?? scope).acknowledge({
    id: `AwsSolutions-${rule}`,
    reason,
  });
}

/** An IAM5 finding: a wildcard action, or a resource whose ARN (tokens allowed) has one. */
export type Wildcard = { action: string } | { resource: string };

/**
 * Acknowledges exactly these wildcard findings on `role` and its policies (its children, where
 * the grants land), each with the reason given for it.
 */
export function acknowledgeWildcards(
  role: IRole,
  wildcards: ReadonlyArray<Wildcard & { reason: string }>,
): void {
  const seen = new Set<string>();
  for (const wildcard of wildcards) {
    const id = `AwsSolutions-IAM5[${wildcardFinding(role, wildcard)}]`;
    if (seen.has(id)) continue;
    seen.add(id);
    Validations.of(role).acknowledge({ id, reason: wildcard.reason });
  }
}

/** The text cdk-nag gives a wildcard finding: `Action::x:Y*` or `Resource::<Id.Arn>/*`. */
export function wildcardFinding(scope: IConstruct, wildcard: Wildcard): string {
  if ('action' in wildcard) return `Action::${wildcard.action}`;
  return `Resource::${flatten(Stack.of(scope).resolve(wildcard.resource))}`;
}

/**
 * A resolved CloudFormation value as cdk-nag writes it in a finding: joins concatenated,
 * `Fn::GetAtt` as `<Id.Attribute>`, `Ref` as `<Id>`, `Fn::Sub` placeholders as `<Name>`.
 */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (typeof value === 'object' && value !== null) {
    const intrinsic = value as Record<string, unknown>;
    const join = intrinsic['Fn::Join'] as [string, unknown[]] | undefined;
    if (join !== undefined) return join[1].map(flatten).join(join[0]);
    const getAtt = intrinsic['Fn::GetAtt'] as [unknown, unknown] | undefined;
    if (getAtt !== undefined) return `<${flatten(getAtt[0])}.${flatten(getAtt[1])}>`;
    if (intrinsic.Ref !== undefined) return `<${flatten(intrinsic.Ref)}>`;
    if (intrinsic['Fn::Sub'] !== undefined) return flatten(intrinsic['Fn::Sub']);
  }
  return JSON.stringify(value);
}
