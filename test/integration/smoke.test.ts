/**
 * The deploy's smoke test (issue 14, `npm run smoke`), run as an operator runs it against a
 * deployment: `scripts/smoke.ts` in a child process against the real local runtime, with a test
 * account of the joint office made as an administrator makes one. Asserts its exit code, its
 * lines, and what it left in the table.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { dynamoUserStore } from '#adapters/user-store.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { eventually, ROOT, sharedRuntime } from '#test/fixtures/runtime.ts';

const rt = sharedRuntime();
const USER = 'smoke.office';
const PASSWORD = randomBytes(12).toString('base64url');

beforeAll(async () => {
  // The operator's test account: office staff, as `npm run admin -- users add` makes one.
  const users = dynamoUserStore(rt.db, TABLE_NAME);
  await users.add(
    { username: USER, unit: 'office', role: 'staff', name: '冒烟测试账号' },
    PASSWORD,
  );
});

/** What `npm run smoke` runs (package.json), so that the test runs the very command. */
const COMMAND = ['scripts/smoke.ts'];

/** Runs the smoke script as `npm run smoke -- <url>` does; resolves to its exit code and output. */
function smoke(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, [...COMMAND, ...args], {
      cwd: ROOT,
      env: { ...process.env, SMOKE_USER: '', SMOKE_PASSWORD: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/** The case numbers of every stored case with the smoke's payer name, as an operator finds them. */
async function smokeCases(): Promise<string[]> {
  const found: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await rt.db.send(
      new ScanCommand({ TableName: TABLE_NAME, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) {
      if ((item.payer as { name?: string } | undefined)?.name === '冒烟测试') {
        found.push(String(item.caseNumber));
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

describe('npm run smoke', () => {
  it('passes every check against the local runtime and leaves one recognisable case, its file and a report', async () => {
    const started = new Date().toISOString();
    const run = await smoke([rt.url], { SMOKE_USER: USER, SMOKE_PASSWORD: PASSWORD });

    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const lines = run.out.trim().split('\n');
    const checks = lines.filter((l) => /^[✓✗] /.test(l));
    expect(checks.map((l) => l.split('：')[0])).toEqual([
      '✓ 首页',
      '✓ 提交争议 POST /api/cases',
      '✓ 凭查询码查看案件 GET /api/cases/{n}',
      '✓ 查询码错误时 404',
      '✓ 查询表单 303 和 Cookie',
      '✓ 工作人员登录',
      '✓ 收件箱页面',
      '✓ 附件上传和下载',
      '✓ XLSX 报表下载',
    ]);
    expect(lines.at(-1)).toBe('全部 9 项通过。');
    expect(run.out).toContain('首页：200 「首页 - 社会保险费征缴争议');
    expect(run.out).toMatch(/查询表单 303 和 Cookie：303 → \/api\/payer\/status，Cookie \S+/);
    expect(run.out).toContain('经 本站的身份提供方 登录，回到 /staff/inbox');

    // The stored case: the smoke's payer, at the office's triage, with the uploaded file.
    const caseNumber = /受理编号 (\S+)/.exec(run.out)?.[1] ?? '';
    expect(run.out).toContain(`提交争议 POST /api/cases：201，受理编号 ${caseNumber}`);
    const record = await eventually(async () => {
      const r = await rt.store.get(caseNumber);
      return r?.status === 'triage' ? r : undefined;
    });
    expect(record.payer).toMatchObject({ kind: 'person', name: '冒烟测试', phone: '0476-0000000' });
    expect(record.payer.idNumber).toMatch(/^1504261900\d{7}[\dX]$/);
    expect(record.routing.mode).toBe('triage');
    expect(record.attachments).toEqual([
      expect.objectContaining({
        name: '冒烟测试.pdf',
        contentType: 'application/pdf',
        uploadedBy: USER,
      }),
    ]);
    expect(await smokeCases()).toEqual([caseNumber]);
    // The on-demand report it asked for, over the day of the run (the scheduler's own weekly or
    // monthly report may be there too, if a run crosses its hour). Other files on the shared
    // runtime build reports of their own before it: only the ones built during the run count.
    const reports = await dynamoReportStore(rt.db, TABLE_NAME).list(50);
    const onDemand = reports.filter((r) => r.kind === 'on-demand' && r.generatedAt >= started);
    expect(onDemand).toHaveLength(1);
    expect(run.out).toContain(`XLSX 报表下载：/staff/reports/${onDemand[0]?.id}，`);
  });

  it('fails with the sign-in line and a non-zero exit code when the password is wrong', async () => {
    const run = await smoke([rt.url, '--user', USER], { SMOKE_PASSWORD: 'wrong-password' });

    expect(run.code).toBe(1);
    expect(run.out).toContain('✓ 首页');
    expect(run.out).toMatch(
      /^✗ 工作人员登录：身份提供方没有接受这个用户名和密码：400 「错误：工作人员登录/m,
    );
    // What needs a session is not passed off as checked.
    expect(run.out).toContain('✗ 收件箱页面：未检查（没有登录）');
    expect(run.out).toContain('✗ XLSX 报表下载：未检查（没有登录）');
    expect(run.out.trim().split('\n').at(-1)).toBe('4 项未通过（共 9 项）。');
  });

  it('runs the payer checks alone with --public-only, for a login page it cannot fill in', async () => {
    const before = await smokeCases();
    const run = await smoke([rt.url, '--public-only'], {});

    expect(run.code).toBe(0);
    const lines = run.out.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('✓ '))).toHaveLength(5);
    expect(lines.filter((l) => l.startsWith('– '))).toEqual([
      '– 工作人员登录：未运行（--public-only）',
      '– 收件箱页面：未运行（--public-only）',
      '– 附件上传和下载：未运行（--public-only）',
      '– XLSX 报表下载：未运行（--public-only）',
    ]);
    expect(lines.at(-1)).toBe('全部 5 项通过，4 项未运行。');
    expect((await smokeCases()).length).toBe(before.length + 1);
  });

  it('is what `npm run smoke` runs', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.smoke).toBe(`node ${COMMAND.join(' ')}`);
  });

  it('refuses to run without a test account, and says how to give one', async () => {
    const run = await smoke([rt.url], {});

    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toContain('set SMOKE_USER and SMOKE_PASSWORD');
  });
});
