/**
 * The leading group's addresses in the deployment (issue 13): `unitEmails` takes `leading-group`
 * and several addresses per unit, as the README says; `postEmails` gives each annex 1 post its
 * own. One synth, with the notifying functions of the real manifest served by the fixture handler,
 * shows the addresses reach every function that notifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions, queues } from '#functions/manifest.ts';
import { readSettings } from '../../infra/aws/settings.ts';
import { cleanUp, environmentOf, type Synthesized, standIn, synthesizeManifest } from './synth.ts';

function notifyFrom(context: Record<string, unknown>) {
  return readSettings({ tryGetContext: (key: string) => context[key] }).notify;
}

const notifyEmailFrom = 'noreply@si-disputes.example.gov.cn';

describe('the e-mail settings', () => {
  it('take `leading-group` in unitEmails, with several addresses in any value', () => {
    // Exactly the README's example, as `-c unitEmails='…'` gives it: a string.
    const unitEmails = '{"tax":"tax@x.cn","leading-group":"a@x.cn,b@x.cn"}';
    expect(notifyFrom({ notifyEmailFrom, unitEmails })).toEqual({
      emailFrom: notifyEmailFrom,
      unitEmails: { tax: 'tax@x.cn', 'leading-group': 'a@x.cn,b@x.cn' },
      postEmails: {},
    });
    // Spaces and repeats are tidied to the form the notifier splits; cdk.json may hold an object.
    expect(
      notifyFrom({ notifyEmailFrom, unitEmails: { hrss: ' in@h.cn , head@h.cn,in@h.cn,' } })
        .unitEmails,
    ).toEqual({ hrss: 'in@h.cn,head@h.cn' });
  });

  it('read each annex 1 post’s addresses from postEmails', () => {
    const postEmails = { leader: 'a@x.cn', 'deputy-1': 'b@x.cn, c@x.cn', hrss: 'd@x.cn' };
    expect(notifyFrom({ notifyEmailFrom, postEmails: JSON.stringify(postEmails) })).toEqual({
      emailFrom: notifyEmailFrom,
      unitEmails: {},
      postEmails: { leader: 'a@x.cn', 'deputy-1': 'b@x.cn,c@x.cn', hrss: 'd@x.cn' },
    });
  });

  it('refuse an unknown post or unit, a bad or missing address, a non-object, and no sender', () => {
    expect(() => notifyFrom({ notifyEmailFrom, postEmails: { mayor: 'a@x.cn' } })).toThrow(
      /postEmails" names unknown post "mayor" \(leader, deputy-1,/,
    );
    // A unit is not a post: the joint office has none in annex 1.
    expect(() => notifyFrom({ notifyEmailFrom, postEmails: { office: 'a@x.cn' } })).toThrow(
      /unknown post "office"/,
    );
    expect(() => notifyFrom({ notifyEmailFrom, unitEmails: { leader: 'a@x.cn' } })).toThrow(
      /unknown unit "leader"/,
    );
    expect(() =>
      notifyFrom({ notifyEmailFrom, unitEmails: { 'leading-group': 'a@x.cn,b@' } }),
    ).toThrow(/"leading-group" must be e-mail addresses, comma-separated; "b@" is not one/);
    expect(() => notifyFrom({ notifyEmailFrom, postEmails: { leader: 'a@x.cn;b@x.cn' } })).toThrow(
      /"leader"/,
    );
    expect(() => notifyFrom({ notifyEmailFrom, postEmails: { leader: ' , ' } })).toThrow(
      /"leader" must be e-mail addresses/,
    );
    expect(() => notifyFrom({ notifyEmailFrom, postEmails: { leader: ['a@x.cn'] } })).toThrow(
      /"leader"/,
    );
    expect(() => notifyFrom({ notifyEmailFrom, postEmails: '["a@x.cn"]' })).toThrow(
      /"postEmails" must be a JSON object of post id/,
    );
    expect(() => notifyFrom({ notifyEmailFrom, postEmails: '{leader:' })).toThrow(/JSON object/);
    expect(() => notifyFrom({ postEmails: { leader: 'a@x.cn' } })).toThrow(
      /"postEmails" needs "notifyEmailFrom"/,
    );
  });
});

describe('a stack synthesized with the leading group’s addresses', () => {
  // The real manifest's functions that deliver notifications (send-notification, issue 14), and
  // one that does not, each served by the fixture handler.
  const notifying = functions.filter((spec) => spec.access.deliver === true);
  const quiet = functions.find(
    (spec) => spec.access.deliver !== true && spec.trigger.kind === 'http',
  );
  const unitEmails = { tax: 'tax@x.cn', 'leading-group': 'a@x.cn,b@x.cn' };
  const postEmails = { leader: 'leader@x.cn', 'deputy-1': 'd1@x.cn,d1-office@x.cn' };
  let synthesized: Synthesized;

  beforeAll(() => {
    if (quiet === undefined) throw new Error('no function that does not notify');
    synthesized = synthesizeManifest(
      [...notifying, quiet].map((spec) => standIn(spec.name)),
      {
        queues,
        // As `cdk synth -c notifyEmailFrom=… -c unitEmails='{…}' -c postEmails='{…}'` gives them.
        context: {
          notifyEmailFrom,
          unitEmails: JSON.stringify(unitEmails),
          postEmails: JSON.stringify(postEmails),
        },
      },
    );
  }, 120_000);
  afterAll(cleanUp);

  it('gives every function that delivers notifications the units’ and the posts’ addresses', () => {
    expect(notifying.length).toBeGreaterThan(0);
    for (const spec of notifying) {
      const env = environmentOf(synthesized, spec.name);
      expect(env.NOTIFY_EMAIL, spec.name).toBe('ses');
      expect(env.NOTIFY_EMAIL_FROM, spec.name).toBe(notifyEmailFrom);
      expect(JSON.parse(String(env.UNIT_EMAILS)), spec.name).toEqual(unitEmails);
      expect(JSON.parse(String(env.POST_EMAILS)), spec.name).toEqual(postEmails);
    }
  });

  it('gives a function that does not deliver notifications no addresses', () => {
    const env = environmentOf(synthesized, String(quiet?.name));
    expect(env.NOTIFIER).toBe('none');
    expect(env.UNIT_EMAILS).toBeUndefined();
    expect(env.POST_EMAILS).toBeUndefined();
  });
});
