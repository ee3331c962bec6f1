/**
 * Retention in AWS (docs/decisions.md, "Retention (issue 7)"): the sweep's period from the
 * context, its grant on the attachments bucket (delete case files, read none), and the bucket's
 * lifecycle backstop. Synthesized with the manifest's retention function alone.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETENTION_SWEEP, RETENTION_YEARS_ENV } from '#core/retention.ts';
import { ATTACHMENTS_BUCKET_ENV, functions } from '#functions/manifest.ts';
import { NONCURRENT_DAYS } from '../../infra/aws/constructs/attachments.ts';
import type { DisputesStack } from '../../infra/aws/disputes-stack.ts';
import { readRetentionYears } from '../../infra/aws/settings.ts';
import {
  actionsOf,
  arnOf,
  cleanUp,
  environmentOf,
  logicalId,
  resourcesAllowing,
  statementsOfFunction,
  synthesizeManifest,
} from './synth.ts';

let stack: DisputesStack;
let template: Template;

beforeAll(() => {
  ({ stack, template } = synthesizeManifest(
    functions.filter((f) => f.name === RETENTION_SWEEP),
    // As `cdk synth -c retentionYears=30` gives it: a string.
    { context: { retentionYears: '30' } },
  ));
});
afterAll(cleanUp);

const bucketId = () => logicalId(stack.attachments.bucket);

describe('the retention period', () => {
  it('is given to the sweep from the context', () => {
    expect(environmentOf({ stack, template }, RETENTION_SWEEP)).toMatchObject({
      [RETENTION_YEARS_ENV]: '30',
      [ATTACHMENTS_BUCKET_ENV]: { Ref: bucketId() },
    });
  });

  it('is ten years without the context, and a malformed one fails the synth', () => {
    const context = (value: unknown) => ({ tryGetContext: () => value });
    expect(readRetentionYears(context(undefined))).toBe(10);
    expect(readRetentionYears(context(30))).toBe(30);
    for (const bad of ['0', 'ten', '2.5', '500']) {
      expect(() => readRetentionYears(context(bad)), bad).toThrow(/retentionYears/);
    }
  });
});

describe('the sweep’s grant on the attachments', () => {
  it('lists versions under cases/ and deletes object versions there, and reads or writes none', () => {
    const statements = statementsOfFunction({ stack, template }, RETENTION_SWEEP);
    const caseObjects = JSON.stringify({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/cases/*']],
    });

    expect(resourcesAllowing(statements, 's3:DeleteObject')).toEqual([caseObjects]);
    expect(resourcesAllowing(statements, 's3:DeleteObjectVersion')).toEqual([caseObjects]);
    const list = statements.filter((s) => actionsOf([s]).includes('s3:ListBucketVersions'));
    expect(list).toEqual([
      expect.objectContaining({
        Resource: JSON.parse(arnOf(bucketId())),
        Condition: { StringLike: { 's3:prefix': 'cases/*' } },
      }),
    ]);
    const s3 = actionsOf(statements).filter((a) => a.startsWith('s3:'));
    expect([...new Set(s3)].sort()).toEqual([
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      's3:ListBucketVersions',
    ]);
    const attachmentsKey = arnOf(logicalId(stack.attachments.key));
    for (const action of ['kms:Decrypt', 'kms:GenerateDataKey']) {
      expect(resourcesAllowing(statements, action), action).not.toContain(attachmentsKey);
    }
  });
});

describe('the attachments bucket', () => {
  it('expires hidden versions and empty delete markers, and aborts unfinished uploads', () => {
    const bucket = template.toJSON().Resources[bucketId()] as {
      Properties: { LifecycleConfiguration: unknown };
    };
    expect(bucket.Properties.LifecycleConfiguration).toEqual({
      Rules: [
        {
          Id: 'retention-backstop',
          Status: 'Enabled',
          NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_DAYS },
          ExpiredObjectDeleteMarker: true,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    });
  });
});
