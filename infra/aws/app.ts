/**
 * The CDK app (`cdk synth`, `cdk deploy`): one stack per stage, generated from
 * functions/manifest.ts.
 *
 * One stack rather than a stateful/stateless pair, because the pair buys little here and costs
 * two things: the site bucket's OAC policy must name the distribution, so bucket and distribution
 * cannot sit in different stacks without a reference cycle; and every queue and table reference
 * would become a CloudFormation export, which blocks changing the thing exported. What the split
 * would protect is protected in place: the table and the site bucket are RETAINed, so deleting or
 * replacing the stack keeps the data.
 *
 * Environment-agnostic (no account or region, no lookups): it synthesizes offline without
 * credentials; `cdk deploy` takes the account and region of the caller's profile.
 */
import { App, Tags } from 'aws-cdk-lib';
import { DisputesStack } from './disputes-stack.ts';
import { readSettings } from './settings.ts';

const app = new App();
const settings = readSettings(app.node);

new DisputesStack(app, `SiDisputes-${settings.stage}`, {
  ...settings,
  description: `Social-insurance fee disputes (${settings.stage}), generated from functions/manifest.ts`,
});
Tags.of(app).add('project', 'si-fee-disputes');
Tags.of(app).add('stage', settings.stage);

app.synth();
