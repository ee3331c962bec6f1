/**
 * The intake limit in AWS: `-c intakeLimitPerHour=N` reaches the filing function, and without it
 * the functions keep their default (adapters/config.ts); a malformed value fails the synth. A
 * payer review (2026-12-05): a service hall's shared network or a carrier's NAT puts many payers
 * behind one address, and the limit of 20 an hour had no setting in the cloud.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { functions, INTAKE_LIMIT_ENV } from '#functions/manifest.ts';
import { readIntakeLimit } from '../../infra/aws/settings.ts';
import { cleanUp, environmentOf, synthesizeDefault, synthesizeManifest } from './synth.ts';

afterAll(cleanUp);

describe('the intake limit', () => {
  it('is given to the intake’s functions from the context, and to none without it', () => {
    // Prepare: an intake step (it bounds new drafts by the limit), alone: it needs no queue
    const step = functions.filter((f) => f.name === 'payer-apply-payer-form');

    // Act: as `cdk synth -c intakeLimitPerHour=60` gives it (a string), and without
    const set = synthesizeManifest(step, { context: { intakeLimitPerHour: '60' } });
    // The deployed app as the other files read it: no context
    const unset = synthesizeDefault();

    // Assess
    expect(environmentOf(set, 'payer-apply-payer-form')).toMatchObject({
      [INTAKE_LIMIT_ENV]: '60',
    });
    expect(environmentOf(unset, 'payer-apply-payer-form')).not.toHaveProperty(INTAKE_LIMIT_ENV);
    expect(environmentOf(unset, 'create-case')).not.toHaveProperty(INTAKE_LIMIT_ENV);
  });

  it('reads a whole number from 1 to 10000, and fails the synth on anything else', () => {
    const context = (value: unknown) => ({ tryGetContext: () => value });
    expect(readIntakeLimit(context(undefined))).toBeUndefined();
    expect(readIntakeLimit(context('60'))).toBe(60);
    for (const bad of ['0', 'many', '2.5', '100000']) {
      expect(() => readIntakeLimit(context(bad)), bad).toThrow(/intakeLimitPerHour/);
    }
  });
});
