/**
 * The CDK app (`cdk synth`, `cdk deploy`): one stack per stage, generated from
 * functions/manifest.ts, checked by cdk-nag (infra/aws/disputes-app.ts), and with `-c waf=true`
 * the us-east-1 stack of its web ACL (infra/aws/waf-stack.ts). The staff pages are in a stack
 * nested in the stage's (infra/aws/staff-pages.ts), deployed with it: CloudFormation allows 500
 * resources per stack, and each page costs nine.
 *
 * One stack rather than a stateful/stateless pair, because the pair buys little here and costs
 * two things: the site bucket's OAC policy must name the distribution, so bucket and distribution
 * cannot sit in different stacks without a reference cycle; and every queue and table reference
 * would become a CloudFormation export, which blocks changing the thing exported. What the split
 * would protect is protected in place: the table, its key and the buckets are RETAINed, so
 * deleting or replacing the stack keeps the data.
 *
 * Environment-agnostic (no account or region, no lookups) unless `-c region=…` pins it: it
 * synthesizes offline without credentials; `cdk deploy` takes the account and region of the
 * caller's profile. For the China regions, pin the region (`-c region=cn-northwest-1`) and give
 * `jwtIssuer`/`jwtAudience` (no Cognito user pools there), `domainName`/`iamCertificateId` (CloudFront
 * there serves only an ICP-recorded domain, with an IAM server certificate), and e-mail by SMTP,
 * SMS by an HTTP provider (no SES, no SNS SMS there): settings.ts, README "In the China regions".
 */
import { App } from 'aws-cdk-lib';
import { buildApp } from './disputes-app.ts';

const app = new App();
buildApp(app);
app.synth();
