/**
 * The leading group (annex 1) as positions, not people: whoever holds the post is the member, with
 * no new document when people change (annex 1 (三)). Reports and supervision go to these posts.
 */
import type { Notification } from './ports.ts';
import type { UnitId } from './units.ts';

/** The posts' ids: stable, they name a post's addresses in the deployment (`postEmails`). */
export const POST_IDS = [
  'leader',
  'deputy-1',
  'deputy-2',
  'gov-party',
  'gov-office',
  'court',
  'publicity',
  'tax',
  'finance',
  'hrss',
  'data-bureau',
  'justice',
  'petition',
  'si-center',
  'medical',
  'employment',
  'police',
] as const;

export type PostId = (typeof POST_IDS)[number];

export interface Position {
  id: PostId;
  role: '组长' | '副组长' | '成员';
  post: string;
  unit?: UnitId;
}

export const LEADING_GROUP_ROSTER: readonly Position[] = [
  { id: 'leader', role: '组长', post: '旗委常委、旗政府常务副旗长' },
  { id: 'deputy-1', role: '副组长', post: '旗政府副旗长（分管社会保障）' },
  { id: 'deputy-2', role: '副组长', post: '旗政府副旗长（分管财政税务）' },
  { id: 'gov-party', role: '成员', post: '旗政府系统党委副书记' },
  { id: 'gov-office', role: '成员', post: '旗政府办公室副主任', unit: 'gov-office' },
  { id: 'court', role: '成员', post: '旗人民法院审委会专委', unit: 'court' },
  { id: 'publicity', role: '成员', post: '旗委宣传部副部长', unit: 'cyberspace' },
  { id: 'tax', role: '成员', post: '旗税务局局长（领导小组办公室主任）', unit: 'tax' },
  { id: 'finance', role: '成员', post: '旗财政局局长', unit: 'finance' },
  { id: 'hrss', role: '成员', post: '旗人力资源和社会保障局局长', unit: 'hrss' },
  {
    id: 'data-bureau',
    role: '成员',
    post: '旗行政审批政务服务与数据管理局局长',
    unit: 'data-bureau',
  },
  { id: 'justice', role: '成员', post: '旗司法局局长', unit: 'justice' },
  { id: 'petition', role: '成员', post: '旗信访局局长', unit: 'petition' },
  { id: 'si-center', role: '成员', post: '旗社会保险事业服务中心主任', unit: 'si-center' },
  { id: 'medical', role: '成员', post: '旗医疗保障局局长', unit: 'medical' },
  { id: 'employment', role: '成员', post: '旗就业服务中心主任', unit: 'employment' },
  // Seed 二(一) names 公安 a member unit, but annex 1 lists no one from it, so no post is given:
  // the bureau's responsible leader (负责同志) stands in until the bureau names the post, as
  // annex 1 (三) lets members adjust by their duties without a new document.
  { id: 'police', role: '成员', post: '旗公安局负责同志', unit: 'police' },
];

/** True when `value` is one of the roster's post ids. */
export function isPostId(value: string): value is PostId {
  return (POST_IDS as readonly string[]).includes(value);
}

/**
 * A post as a reader of the outbox names it: 组长; a 副组长 with the portfolio that tells the two
 * apart; a member by the post itself (旗税务局局长（领导小组办公室主任）).
 */
export function postLabel(id: PostId): string {
  const position = LEADING_GROUP_ROSTER.find((p) => p.id === id);
  if (position === undefined) return id;
  if (position.role === '成员') return position.post;
  const portfolio = /（[^（）]+）$/.exec(position.post)?.[0] ?? '';
  return `${position.role}${portfolio}`;
}

/** The messages that go to the leading group rather than to a unit or a payer. */
export type LeadingGroupMessage = Extract<
  Notification,
  {
    kind:
      | 'supervision'
      | 'order-answered'
      | 'returns-flag'
      | 'report'
      | 'special-meeting-requested';
  }
>;

/**
 * The office of the leading group (annex 1 (一)): the tax bureau's director, who coordinates and
 * dispatches (综合协调、统筹调度). Every message to the group goes to the office too.
 */
const OFFICE_POST: PostId = 'tax';
/** The 副组长 whose portfolio is social security, the field of the whole mechanism. */
const SOCIAL_SECURITY_DEPUTY: PostId = 'deputy-1';
/** 组长 and 副组长: the group's leadership (seed 二(一): 常务副旗长 and 相关副旗长). */
const LEADERSHIP: readonly PostId[] = LEADING_GROUP_ROSTER.filter((p) => p.role !== '成员').map(
  (p) => p.id,
);

/** The member post of a unit (hrss → 旗人力资源和社会保障局局长); the joint office has none. */
export function postOfUnit(unit: UnitId): PostId | undefined {
  return LEADING_GROUP_ROSTER.find((p) => p.unit === unit)?.id;
}

/**
 * Which posts of annex 1 a message to the leading group goes to, in roster order, each once
 * (docs/decisions.md, Notifications, "Which posts hear what"):
 * - a scheduled report: 组长, 副组长 and the office, who lead and coordinate (二(一), annex 1 (一))
 *   and evaluate the mechanism regularly (四(三), 四(四)); the units' heads read it in the system;
 * - a returns flag (推诿, 四(四)): the office, which coordinates the units (annex 1 (一)), and the
 *   副组长 over social security, who can call a unit to order before it becomes a 督办;
 * - a supervision (督办, 四(四)): the office, 组长 and 副组长, and the post of the unit concerned,
 *   whose head answers for its overdue step (每个成员单位“承办领导小组交办的其他事宜”, 二(二)).
 */
export function postsFor(message: LeadingGroupMessage): PostId[] {
  const posts: PostId[] = [OFFICE_POST];
  switch (message.kind) {
    case 'report':
      posts.push(...LEADERSHIP);
      break;
    case 'returns-flag':
      posts.push(SOCIAL_SECURITY_DEPUTY);
      break;
    // The leadership that ordered it hears the answer; the unit that answered knows it did.
    case 'order-answered':
      posts.push(...LEADERSHIP);
      break;
    // 组长 and 副组长 organize the 专题会议 (seed 三(四)); the lead unit's head is in it.
    case 'special-meeting-requested': {
      posts.push(...LEADERSHIP);
      const lead = postOfUnit(message.lead);
      if (lead !== undefined) posts.push(lead);
      break;
    }
    case 'supervision': {
      posts.push(...LEADERSHIP);
      const own = postOfUnit(message.unit);
      if (own !== undefined) posts.push(own);
      break;
    }
  }
  return POST_IDS.filter((id) => posts.includes(id));
}
