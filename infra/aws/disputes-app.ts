/**
 * What the CDK app holds, for infra/aws/app.ts and for the tests that synthesize it whole: the
 * main stack of a stage, the web ACL stack when asked for, tags, and cdk-nag's AwsSolutions
 * checks, which fail the synth on any finding not acknowledged with a reason (infra/aws/nag.ts).
 */
import { type App, type Environment, Tags, Validations } from 'aws-cdk-lib';
import { DisputesStack, type DisputesStackProps } from './disputes-stack.ts';
import { awsSolutionsChecks } from './nag.ts';
import { isChinaRegion, readSettings } from './settings.ts';
import { WafStack } from './waf-stack.ts';

export interface BuildOptions {
  /**
   * Where the main stack goes. Default: the `region` context with the CLI profile's account, or,
   * without `region`, environment-agnostic.
   */
  env?: Environment;
  /** Run the AwsSolutions checks at synth (default true). */
  checks?: boolean;
  /** A test manifest or site directory in place of the real ones. */
  stack?: Pick<DisputesStackProps, 'functions' | 'queues' | 'siteDir'>;
}

export interface DisputesApp {
  stack: DisputesStack;
  /** Present with `-c waf=true`. */
  waf: WafStack | undefined;
}

export function buildApp(app: App, options: BuildOptions = {}): DisputesApp {
  const settings = readSettings(app.node);
  const { stage } = settings;
  const env =
    options.env ??
    (settings.region === undefined
      ? undefined
      : { region: settings.region, account: process.env.CDK_DEFAULT_ACCOUNT });

  if (options.checks ?? true) Validations.of(app).addPlugins(awsSolutionsChecks(app));

  let waf: WafStack | undefined;
  if (settings.wafStack) {
    if (env?.region !== undefined && isChinaRegion(env.region)) {
      // AWS WAF in the China regions is regional only: no web ACL of CloudFront scope there.
      throw new Error('Context "waf": CloudFront web ACLs are made in us-east-1, not in aws-cn');
    }
    waf = new WafStack(app, `SiDisputesWaf-${stage}`, {
      stage,
      env: { account: env?.account },
      description: `Social-insurance fee disputes (${stage}): the CloudFront web ACL`,
    });
  }
  const stack = new DisputesStack(app, `SiDisputes-${stage}`, {
    ...settings,
    ...options.stack,
    env,
    description: `Social-insurance fee disputes (${stage}), generated from functions/manifest.ts`,
  });
  Tags.of(app).add('project', 'si-fee-disputes');
  Tags.of(app).add('stage', stage);
  return { stack, waf };
}
