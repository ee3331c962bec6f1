/**
 * The annex 1 roster drives delivery (issue 13): which posts hear which message to the leading
 * group (core/roster.ts `postsFor`), which addresses that makes (adapters/notifier.ts), and what
 * the local outbox keeps and shows of it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '#adapters/config.ts';
import {
  type AddressBook,
  emailRecipients,
  outboxNotifier,
  readAddressBook,
} from '#adapters/notifier.ts';
import { folderOutbox } from '#adapters/outbox.ts';
import { LEADING_GROUP, renderNotification } from '#core/notifications.ts';
import type { Principal } from '#core/principal.ts';
import {
  isPostId,
  LEADING_GROUP_ROSTER,
  POST_IDS,
  postLabel,
  postOfUnit,
  postsFor,
} from '#core/roster.ts';
import { UNIT_IDS } from '#core/units.ts';
import { outboxPage } from '#functions/pages/staff/outbox.ts';

const report = { kind: 'report', reportId: 'weekly-2026-10-05', title: '周报' } as const;
const flag = { kind: 'returns-flag', unit: 'medical', month: '2026-10', returns: 4 } as const;
const supervision = (unit: (typeof UNIT_IDS)[number]) =>
  ({ kind: 'supervision', unit, caseNumber: '2026-000001', reason: 'overdue' }) as const;

describe('the roster', () => {
  it('names every post once, and gives every unit but the joint office its own post', () => {
    expect(LEADING_GROUP_ROSTER.map((p) => p.id)).toEqual([...POST_IDS]);
    for (const unit of UNIT_IDS) {
      expect(postOfUnit(unit) !== undefined, unit).toBe(unit !== 'office');
    }
    expect(postOfUnit('hrss')).toBe('hrss');
    // 网信办 sits under the 宣传部, whose 副部长 is its member of the group.
    expect(postOfUnit('cyberspace')).toBe('publicity');
    expect(isPostId('deputy-1')).toBe(true);
    expect(isPostId('office')).toBe(false);
  });

  it('labels posts as people say them: 组长, a 副组长 by portfolio, a member by the post', () => {
    expect(postLabel('leader')).toBe('组长');
    expect(postLabel('deputy-1')).toBe('副组长（分管社会保障）');
    expect(postLabel('deputy-2')).toBe('副组长（分管财政税务）');
    expect(postLabel('tax')).toBe('旗税务局局长（领导小组办公室主任）');
    expect(postLabel('hrss')).toBe('旗人力资源和社会保障局局长');
  });
});

describe('postsFor', () => {
  it('sends a scheduled report to 组长, both 副组长 and the office', () => {
    expect(postsFor(report)).toEqual(['leader', 'deputy-1', 'deputy-2', 'tax']);
  });

  it('sends a returns flag to the office and the 副组长 over social security', () => {
    expect(postsFor(flag)).toEqual(['deputy-1', 'tax']);
    // The flagged unit's post is not told: the flag asks the leadership to look (四(四)).
    expect(postsFor({ ...flag, unit: 'hrss' })).toEqual(['deputy-1', 'tax']);
  });

  it('sends a supervision to the office, 组长, 副组长 and the post of the unit concerned', () => {
    expect(postsFor(supervision('hrss'))).toEqual([
      'leader',
      'deputy-1',
      'deputy-2',
      'tax',
      'hrss',
    ]);
    expect(postsFor({ ...supervision('si-center'), reason: 'dissatisfied' })).toEqual([
      'leader',
      'deputy-1',
      'deputy-2',
      'tax',
      'si-center',
    ]);
    // The tax bureau is the office: its post is named once.
    expect(postsFor(supervision('tax'))).toEqual(['leader', 'deputy-1', 'deputy-2', 'tax']);
    // The joint office has no post of its own: the group's office stands for it.
    expect(postsFor(supervision('office'))).toEqual(['leader', 'deputy-1', 'deputy-2', 'tax']);
  });

  it('is what the rendered message to the leading group carries, and no unit message carries posts', () => {
    expect(renderNotification(supervision('medical'))).toMatchObject({
      channel: 'email',
      to: LEADING_GROUP,
      posts: ['leader', 'deputy-1', 'deputy-2', 'tax', 'medical'],
    });
    expect(renderNotification(report).posts).toEqual(postsFor(report));
    expect(renderNotification(flag).posts).toEqual(postsFor(flag));
    const chase = {
      kind: 'chase',
      unit: 'tax',
      caseNumber: '2026-000001',
      dueDate: '2026-10-08',
    } as const;
    expect(renderNotification(chase).posts).toBeUndefined();
  });
});

describe('the notifier’s addresses', () => {
  const book: AddressBook = {
    units: {
      tax: ['inbox@tax.example.cn', 'head@tax.example.cn'],
      [LEADING_GROUP]: ['group@gov.example.cn', 'secretary@gov.example.cn'],
    },
    posts: {
      leader: ['leader@gov.example.cn'],
      'deputy-1': ['deputy1@gov.example.cn', 'Group@gov.example.cn'],
      hrss: ['director@hrss.example.cn'],
    },
  };

  it('sends a unit’s e-mail to every address of the unit, and none to a unit without one', () => {
    expect(emailRecipients({ to: 'tax' }, book)).toEqual([
      'inbox@tax.example.cn',
      'head@tax.example.cn',
    ]);
    expect(emailRecipients({ to: 'medical' }, book)).toEqual([]);
  });

  it('sends to the union of the posts’ addresses, a post without its own taking the group’s, each once', () => {
    const m = renderNotification(supervision('hrss'));
    // deputy-2 and tax have no address of their own: the group's list stands in, once.
    expect(emailRecipients(m, book)).toEqual([
      'leader@gov.example.cn',
      'deputy1@gov.example.cn',
      'Group@gov.example.cn',
      'secretary@gov.example.cn',
      'director@hrss.example.cn',
    ]);
  });

  it('sends to the posts’ own addresses only when every post has one', () => {
    const own: AddressBook = { ...book, posts: { ...book.posts, tax: ['office@tax.example.cn'] } };
    expect(emailRecipients(renderNotification(flag), own)).toEqual([
      'deputy1@gov.example.cn',
      'Group@gov.example.cn',
      'office@tax.example.cn',
    ]);
  });

  it('sends a message to the group naming no post to the group’s list', () => {
    expect(emailRecipients({ to: LEADING_GROUP }, book)).toEqual([
      'group@gov.example.cn',
      'secretary@gov.example.cn',
    ]);
    expect(
      emailRecipients({ to: LEADING_GROUP, posts: ['leader'] }, { units: {}, posts: {} }),
    ).toEqual([]);
  });

  it('reads the address book from the environment the stack sets, and refuses a malformed one', () => {
    const env = {
      UNIT_EMAILS: JSON.stringify({ tax: 'a@x.cn, b@x.cn', 'leading-group': 'g@x.cn' }),
      POST_EMAILS: JSON.stringify({ leader: 'l@x.cn' }),
    };
    expect(readAddressBook(env)).toEqual({
      units: { tax: ['a@x.cn', 'b@x.cn'], 'leading-group': ['g@x.cn'] },
      posts: { leader: ['l@x.cn'] },
    });
    expect(readAddressBook({})).toEqual({ units: {}, posts: {} });
    expect(() => readAddressBook({ POST_EMAILS: '{leader:' })).toThrow(ConfigurationError);
    expect(() => readAddressBook({ UNIT_EMAILS: '["a@x.cn"]' })).toThrow(/UNIT_EMAILS/);
  });
});

describe('the local outbox', () => {
  const leader: Principal = { user: 'leader', unit: null, role: 'leader' };
  const leaderViewer = { principal: leader, name: 'leader', csrf: 'token' };
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the posts a message to the leading group went to, and the page names them', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const notifier = outboxNotifier(dir);

    // Act
    await notifier.notify(flag);
    await notifier.notify({
      kind: 'chase',
      unit: 'tax',
      caseNumber: '2026-000001',
      dueDate: '2026-10-08',
    });

    // Assess: the file as written, the message as read back, and the page
    const files = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir ?? '', f), 'utf8')));
    expect(files.find((m) => m.to === LEADING_GROUP)).toMatchObject({ posts: ['deputy-1', 'tax'] });
    const read = await folderOutbox(dir).list(10);
    expect(read.find((m) => m.to === LEADING_GROUP)?.posts).toEqual(['deputy-1', 'tax']);
    expect(read.find((m) => m.to === 'tax')?.posts).toBeUndefined();

    const page = outboxPage({ viewer: leaderViewer, messages: read }).text;
    expect(page).toContain(
      '<span data-testid="message-to">领导小组：副组长（分管社会保障）、旗税务局局长（领导小组办公室主任）</span>',
    );
    expect(page).toContain('<span data-testid="message-to">旗税务局</span>');
  });

  it('shows a message kept before messages named posts as to the leading group as a whole', () => {
    const old = {
      id: '0',
      at: '2026-10-01T00:00:00Z',
      channel: 'email' as const,
      to: LEADING_GROUP,
      subject: '周报',
      body: '…',
    };
    const page = outboxPage({ viewer: leaderViewer, messages: [old] }).text;
    expect(page).toContain('<span data-testid="message-to">领导小组</span>');
  });
});
