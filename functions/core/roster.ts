/**
 * The leading group (annex 1) as positions, not people: whoever holds the post is the member, with
 * no new document when people change (annex 1 (三)). Reports and supervision go to these posts.
 */
import type { UnitId } from './units.ts';

export interface Position {
  id: string;
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
