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
import {
  DefaultTokenResolver,
  type IPostProcessor,
  type IResolvable,
  type IResolveContext,
  Names,
  Reference,
  Stack,
  StringConcat,
  Tokenization,
  Validations,
} from 'aws-cdk-lib';
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
  const stack = Stack.of(scope);
  const text = Tokenization.resolve(wildcard.resource, {
    scope: stack,
    resolver: new FindingResolver(stack),
  }) as unknown;
  return `Resource::${flatten(text)}`;
}

/**
 * Resolves a value as cdk-nag will see it in `consumer`, token by token, to text.
 *
 * In a nested stack (the staff pages, infra/aws/staff-pages.ts), a resource of the main stack is
 * a parameter: `<referencetoSiDisputesdevTableBDF4522DArn>/index/*`, not `<TableCD117FA1.Arn>`.
 * CDK adds that parameter when it prepares the app, after the grants are acknowledged, so its
 * name is made here as CDK makes it (`reference-to-` + the producer's unique id + attribute,
 * createNestedStackParameter in aws-cdk-lib's core/lib/private/refs). Should CDK ever name it
 * otherwise, the acknowledgement misses and the synth fails on the finding: never silently.
 */
class FindingResolver extends DefaultTokenResolver {
  private readonly consumer: Stack;
  constructor(consumer: Stack) {
    super(new StringConcat());
    this.consumer = consumer;
  }

  override resolveToken(t: IResolvable, context: IResolveContext, post: IPostProcessor): unknown {
    if (Reference.isReference(t)) {
      const producer = Stack.of(t.target);
      if (producer !== this.consumer) {
        if (!nestedIn(this.consumer, producer)) {
          throw new Error(
            `A wildcard in ${this.consumer.node.path} names ${t.target.node.path}, of a stack ` +
              'it is not nested in: its finding cannot be acknowledged by name',
          );
        }
        const parameter = `reference-to-${Names.nodeUniqueId(t.target.node)}${t.displayName}`;
        return `<${parameter.replace(/[^A-Za-z0-9]/g, '')}>`;
      }
    }
    const resolved: unknown = super.resolveToken(t, context, post);
    return typeof resolved === 'string' ? resolved : flatten(resolved);
  }
}

/** Whether `stack` is nested, at any depth, in `ancestor`. */
function nestedIn(stack: Stack, ancestor: Stack): boolean {
  for (let s = stack.nestedStackParent; s !== undefined; s = s.nestedStackParent) {
    if (s === ancestor) return true;
  }
  return false;
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
