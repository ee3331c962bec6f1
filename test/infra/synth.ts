/**
 * Builds the app the way infra/aws/app.ts does (cdk.json's context, the same builder), so the
 * templates under test carry the same feature flags as `cdk synth`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, type Environment, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import type { FunctionSpec } from '#functions/manifest.ts';
import { buildApp } from '../../infra/aws/disputes-app.ts';
import type { DisputesStack, DisputesStackProps } from '../../infra/aws/disputes-stack.ts';
import { REPO_ROOT } from '../../infra/aws/paths.ts';
import type { WafStack } from '../../infra/aws/waf-stack.ts';

/** Cloud assemblies and site stand-ins made by this file's tests, removed by `cleanUp`. */
const temporary: string[] = [];

function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** Removes what this test file synthesized; call it in `afterAll`. */
export function cleanUp(): void {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface Synthesized {
  app: App;
  stack: DisputesStack;
  template: Template;
  /** The web ACL stack, with `waf: true` in the context. */
  waf: WafStack | undefined;
}

export interface SynthesizeOptions
  extends Partial<Pick<DisputesStackProps, 'functions' | 'queues' | 'siteDir'>> {
  /** Context on top of cdk.json's, as `cdk synth -c key=value` would give. */
  context?: Record<string, unknown>;
  /** The main stack's environment; default as app.ts (environment-agnostic). */
  env?: Environment;
  /** Run cdk-nag's checks, as `cdk synth` does (default false: nag.test.ts covers them). */
  checks?: boolean;
}

/** A new app with cdk.json's context and `context` on top, writing to a temporary directory. */
export function newApp(context: Record<string, unknown> = {}): App {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return new App({
    context: { ...cdkJson.context, ...context },
    outdir: temporaryDir('si-disputes-cdk-'),
  });
}

/** Synthesizes the app's stack; bundles every function with esbuild, so call it once per file. */
export function synthesize({
  context,
  env,
  checks = false,
  ...stackProps
}: SynthesizeOptions = {}): Synthesized {
  const app = newApp(context);
  const { stack, waf } = buildApp(app, { env, checks, stack: stackProps });
  return { app, stack, waf, template: Template.fromStack(stack) };
}

/** A built-site stand-in, so the upload path is synthesized whether or not site/dist exists. */
export function fakeSiteDir(): string {
  const dir = temporaryDir('si-disputes-site-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>站点</title>');
  return dir;
}

/** A directory that does not exist: the site is "not built". */
export function missingSiteDir(): string {
  return join(temporaryDir('si-disputes-nosite-'), 'dist');
}

/** A manifest function served by the fixture handler. */
export function fakeFunction(
  overrides: Partial<FunctionSpec> & Pick<FunctionSpec, 'name' | 'trigger'>,
): FunctionSpec {
  return {
    entry: 'test/infra/fixtures/handler.ts',
    access: { table: 'none', sendTo: [] },
    timeoutSeconds: 5,
    memoryMb: 128,
    ...overrides,
  };
}

/** The CloudFormation logical id of a construct's resource. */
export function logicalId(construct: IConstruct): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(resource);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every IAM statement attached to a role, across the policies that name it. */
export function statementsOf(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) =>
      (policy.Properties.Roles as unknown[]).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId }),
      ),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/** The actions a role may take. */
export function actionsOf(statements: readonly Statement[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

/** The resources of the statements that allow `action`, as JSON strings. */
export function resourcesAllowing(statements: readonly Statement[], action: string): string[] {
  return statements
    .filter((s) => actionsOf([s]).includes(action))
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))
    .map((resource) => JSON.stringify(resource));
}

/** `{ "Fn::GetAtt": [id, "Arn"] }` as JSON, the form grants use for a resource in the stack. */
export function arnOf(id: string): string {
  return JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] });
}

/**
 * An object the site deployment uploads (`Source.data`/`jsonData`), read from its asset in the
 * cloud assembly, with each deploy-time marker replaced by the template value it stands for:
 * `{ "clientId": { "Ref": "…" } }` rather than `"<<marker:…>>"`. Undefined when no source of the
 * deployment holds `key`.
 */
export function deployedJson(
  { app, template }: Pick<Synthesized, 'app' | 'template'>,
  key: string,
): unknown {
  const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment'));
  for (const deployment of deployments) {
    const props = deployment.Properties as {
      SourceObjectKeys: string[];
      SourceMarkers?: Record<string, unknown>[];
    };
    for (const [index, objectKey] of props.SourceObjectKeys.entries()) {
      const file = join(app.outdir, `asset.${objectKey.replace(/\.zip$/, '')}`, key);
      if (!existsSync(file)) continue;
      let text = readFileSync(file, 'utf8');
      for (const [marker, value] of Object.entries(props.SourceMarkers?.[index] ?? {})) {
        text = text.replaceAll(`"${marker}"`, JSON.stringify(value));
      }
      return JSON.parse(text);
    }
  }
  return undefined;
}

export interface CheckedSynthesis {
  app: App;
  stack: DisputesStack;
  waf: WafStack | undefined;
  /** What `app.synth()` threw: a failed validation report, cdk-nag's included. */
  error: unknown;
  /** Every stack's template, by stack name. */
  templates: Record<string, TemplateJson>;
}

export interface TemplateJson {
  Resources: Record<
    string,
    { Type: string; Properties?: unknown; Metadata?: unknown; DependsOn?: string | string[] }
  >;
  Outputs?: Record<string, unknown>;
}

/**
 * A chain of resources that depend on each other in a circle (through Ref, Fn::GetAtt, Fn::Sub or
 * DependsOn), which CloudFormation refuses to deploy and `cdk synth` does not notice; undefined
 * when there is none.
 */
export function dependencyCycle(template: Pick<TemplateJson, 'Resources'>): string[] | undefined {
  const ids = new Set(Object.keys(template.Resources));
  const referencedBy = (value: unknown, found: Set<string>): Set<string> => {
    if (Array.isArray(value)) {
      for (const item of value) referencedBy(item, found);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'Ref' && typeof inner === 'string') found.add(inner);
        if (key === 'Fn::GetAtt') {
          found.add(Array.isArray(inner) ? String(inner[0]) : (String(inner).split('.')[0] ?? ''));
        }
        if (key === 'Fn::Sub') {
          const text = Array.isArray(inner) ? inner[0] : inner;
          for (const [, name] of String(text).matchAll(/\$\{([^}.!]+)/g)) found.add(name ?? '');
        }
        referencedBy(inner, found);
      }
    }
    return found;
  };
  const edges = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    const found = referencedBy(resource.Properties, new Set());
    for (const dep of [resource.DependsOn ?? []].flat()) found.add(dep);
    edges.set(
      id,
      [...found].filter((dep) => ids.has(dep)),
    );
  }
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const at = path.indexOf(id);
    if (at >= 0) return [...path.slice(at), id];
    if (done.has(id)) return undefined;
    path.push(id);
    for (const dep of edges.get(id) ?? []) {
      const cycle = visit(dep);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    done.add(id);
    return undefined;
  };
  for (const id of ids) {
    const cycle = visit(id);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

/**
 * Synthesizes the app as `cdk synth` does, cdk-nag's checks registered, without throwing: the
 * outcome is for the test to judge.
 */
export function synthesizeChecked({
  context,
  env,
  ...stackProps
}: Omit<SynthesizeOptions, 'checks'> = {}): CheckedSynthesis {
  const app = newApp(context);
  const { stack, waf } = buildApp(app, { env, checks: true, stack: stackProps });
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  const templates: Record<string, TemplateJson> = {};
  for (const s of [stack, waf]) {
    if (s === undefined) continue;
    const file = join(app.outdir, s.templateFile);
    if (existsSync(file)) templates[s.stackName] = JSON.parse(readFileSync(file, 'utf8'));
  }
  return { app, stack, waf, error, templates };
}

/**
 * The AwsSolutions violations of the validation report the synth wrote, as
 * `<severity> <rule> at <construct path>` lines (none, when all is well).
 */
export function nagViolations({ app }: Pick<CheckedSynthesis, 'app'>): string[] {
  const file = join(app.outdir, 'validation-report.json');
  if (!existsSync(file)) throw new Error('The synth wrote no validation report');
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    pluginReports: {
      pluginName: string;
      violations: {
        ruleName: string;
        severity: string;
        violatingConstructs: { constructPath: string }[];
      }[];
    }[];
  };
  return report.pluginReports
    .filter((r) => r.pluginName === 'AwsSolutions')
    .flatMap((r) => r.violations)
    .flatMap((v) =>
      v.violatingConstructs.map((c) => `${v.severity} ${v.ruleName} at ${c.constructPath}`),
    );
}

export interface Suppression {
  /** Logical id of the resource that carries it. */
  resource: string;
  id: string;
  reason: string;
}

/** The cdk-nag suppressions written into a template's metadata (`cdk_nag.rules_to_suppress`). */
export function suppressionsOf(template: TemplateJson): Suppression[] {
  return Object.entries(template.Resources).flatMap(([resource, { Metadata }]) => {
    const rules =
      (Metadata as { cdk_nag?: { rules_to_suppress?: { id: string; reason: string }[] } })?.cdk_nag
        ?.rules_to_suppress ?? [];
    return rules.map(({ id, reason }) => ({ resource, id, reason }));
  });
}
