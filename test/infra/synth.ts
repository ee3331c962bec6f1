/**
 * Builds the app the way infra/aws/app.ts does (cdk.json's context, the same builder), so the
 * templates under test carry the same feature flags as `cdk synth`.
 */
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { App, type CfnElement, type Environment, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { type FunctionSpec, functions } from '#functions/manifest.ts';
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

/**
 * Directories of the syntheses kept for the whole worker (`synthesizeDefault`): the infra project
 * runs its files in one module graph a worker (vitest.config.ts, `isolate: false`), so they
 * outlive the file that made them and go when the worker does.
 */
const kept: string[] = [];
process.once('exit', () => {
  for (const dir of kept) rmSync(dir, { recursive: true, force: true });
});

export interface Synthesized {
  app: App;
  stack: DisputesStack;
  /**
   * The main stack with its nested stacks (the staff pages, infra/aws/staff-pages.ts) as one
   * template: see `deploymentOf`. A test that looks at every function sees every function here.
   */
  template: Template;
  /** Each stack's own template, as CloudFormation gets it, by construct path (main stack first). */
  stackTemplates: Record<string, Template>;
  /** The web ACL stack, with `waf: true` in the context. */
  waf: WafStack | undefined;
  /** With `bundle`: the arguments CDK gave esbuild, one list a function, in the order run. */
  esbuildRuns?: string[][];
}

export interface SynthesizeOptions
  extends Partial<Pick<DisputesStackProps, 'functions' | 'queues' | 'siteDir'>> {
  /** Context on top of cdk.json's, as `cdk synth -c key=value` would give. */
  context?: Record<string, unknown>;
  /** The main stack's environment; default as app.ts (environment-agnostic). */
  env?: Environment;
  /** Run cdk-nag's checks, as `cdk synth` does (default false: nag.test.ts covers them). */
  checks?: boolean;
  /**
   * Bundle every function with esbuild, as `cdk synth` does (default false: bundles.test.ts
   * covers them). Without it the functions' code is an unbundled stand-in asset, no file of which
   * is written: a test that reads a bundle must ask for it.
   */
  bundle?: boolean;
}

/**
 * A new app with cdk.json's context and `context` on top, writing to a temporary directory.
 * Unless `bundle`, no stack's assets are bundled: CDK's own switch (`aws:cdk:bundling-stacks`,
 * which `cdk deploy --exclusively` sets to the stacks it deploys), so the stack under test is
 * built exactly as deployed but for the bundles; esbuild is most of a synth's time.
 */
export function newApp(
  context: Record<string, unknown> = {},
  { bundle = false }: { bundle?: boolean } = {},
): App {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return new App({
    context: { ...cdkJson.context, ...(bundle ? {} : { [BUNDLING_STACKS]: [] }), ...context },
    outdir: temporaryDir('si-disputes-cdk-'),
  });
}

/**
 * Runs `build` with `npx --no-install esbuild`, which is how CDK starts esbuild once a function
 * (the project's own esbuild, npm's lockfile), starting that same binary directly: npx's own
 * start-up is a second or more a function, most of a bundled synth's time on a busy machine.
 * Also returns the arguments CDK gave esbuild, one list a run, in the order of the runs.
 */
function withDirectEsbuild<T>(build: () => T): { result: T; esbuildRuns: string[][] } {
  const dir = temporaryDir('si-disputes-npx-');
  const npx = join(dir, 'npx');
  const path = process.env.PATH ?? '';
  writeFileSync(
    npx,
    [
      '#!/bin/sh',
      'if [ "$1" = "--no-install" ] && [ "$2" = "esbuild" ]; then',
      '  shift 2',
      // Each run's arguments, NUL-separated, in a file named by the run's start in nanoseconds.
      `  printf '%s\\0' "$@" > ${JSON.stringify(dir)}/"run-$(date +%s%N)-$$"`,
      `  exec ${JSON.stringify(join(REPO_ROOT, 'node_modules', '.bin', 'esbuild'))} "$@"`,
      'fi',
      `PATH=${JSON.stringify(path)} exec npx "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(npx, 0o755);
  process.env.PATH = `${dir}${delimiter}${path}`;
  try {
    const result = build();
    const esbuildRuns = readdirSync(dir)
      .filter((f) => f.startsWith('run-'))
      .sort()
      .map((f) => readFileSync(join(dir, f), 'utf8').split('\0').slice(0, -1));
    return { result, esbuildRuns };
  } finally {
    process.env.PATH = path;
  }
}

/**
 * Synthesizes the app's stack; with `bundle`, bundles every function with esbuild and gives the
 * arguments of each esbuild run (`esbuildRuns`).
 */
export function synthesize(options: SynthesizeOptions = {}): Synthesized {
  if (options.bundle !== true) return synthesizeApp(options);
  const { result, esbuildRuns } = withDirectEsbuild(() => synthesizeApp(options));
  return { ...result, esbuildRuns };
}

function synthesizeApp({
  context,
  env,
  checks = false,
  bundle = false,
  ...stackProps
}: SynthesizeOptions): Synthesized {
  const app = newApp(context, { bundle });
  const { stack, waf } = buildApp(app, { env, checks, stack: stackProps });
  const stackTemplates = Object.fromEntries(
    [stack, ...nestedStacksOf(stack, true)].map((s) => [s.node.path, Template.fromStack(s)]),
  );
  const templateOf = (s: Stack) => stackTemplates[s.node.path]?.toJSON() as TemplateJson;
  return {
    app,
    stack,
    waf,
    template: Template.fromJSON(deploymentOf(stack, templateOf)),
    stackTemplates,
  };
}

let defaultSynthesis: Synthesized | undefined;

/**
 * The app as deployed (every manifest function and queue, a built-site stand-in), synthesized
 * once a worker and shared by the files that only read it (stack.test.ts,
 * manifest-agreement.test.ts): none of them may change the app, its stacks or its templates.
 */
export function synthesizeDefault(): Synthesized {
  if (defaultSynthesis === undefined) {
    const mine = temporary.length;
    defaultSynthesis = synthesize({ siteDir: fakeSiteDir() });
    kept.push(...temporary.splice(mine));
  }
  return defaultSynthesis;
}

/**
 * Synthesizes a test manifest's functions with no unit queue and no built site, unless
 * `options` gives them.
 */
export function synthesizeManifest(
  manifest: FunctionSpec[],
  options: Omit<SynthesizeOptions, 'functions'> = {},
): Synthesized {
  return synthesize({ queues: [], siteDir: missingSiteDir(), ...options, functions: manifest });
}

/** The stacks nested in `stack`: its children, or with `deep` theirs too. */
export function nestedStacksOf(stack: Stack, deep = false): NestedStack[] {
  return stack.node
    .findAll()
    .filter(
      (c): c is NestedStack =>
        NestedStack.isNestedStack(c) && (deep || c.nestedStackParent === stack),
    );
}

/**
 * `stack`'s template with the resources of the stacks nested in it (at any depth) added, as
 * CloudFormation deploys them: each nested stack's parameters replaced by the values its parent
 * passes, so a staff page's grant reads `{ "Fn::GetAtt": ["TableCD117FA1", "Arn"] }`, as a main
 * stack function's does, not `{ "Ref": "referencetoSiDisputesdevTable…Arn" }`. Logical ids are
 * each stack's own (`logicalId` gives them); two stacks with the same one fail here, as does a
 * nested stack with outputs, conditions or a parameter used other than by `Ref`, which this
 * does not translate.
 */
export function deploymentOf(stack: Stack, templateOf: (s: Stack) => TemplateJson): TemplateJson {
  const merged = structuredClone(templateOf(stack));
  for (const nested of nestedStacksOf(stack)) {
    const inner = deploymentOf(nested, templateOf);
    const unsupported = Object.entries(inner)
      .filter(([section, value]) => {
        if (['Description', 'Parameters', 'Resources'].includes(section)) return false;
        // Where CDK's version report may be deployed: only with `cdk synth`'s report (below).
        return !(section === 'Conditions' && Object.keys(value).join() === 'CDKMetadataAvailable');
      })
      .map(([section]) => section);
    if (unsupported.length > 0) {
      throw new Error(`deploymentOf: ${nested.node.path} has ${unsupported.join(', ')}`);
    }
    const resource = nested.nestedStackResource;
    if (resource === undefined) throw new Error(`${nested.node.path} has no stack resource`);
    const properties = merged.Resources[logicalId(resource)]?.Properties as
      | { Parameters?: Record<string, unknown> }
      | undefined;
    const passed = properties?.Parameters ?? {};
    const resources = substituteRefs(inner.Resources, passed) as TemplateJson['Resources'];
    // Metadata aside: cdk-nag's suppressions name parameters in the text of their findings.
    const text = JSON.stringify(Object.values(resources).map(({ Metadata, ...rest }) => rest));
    for (const name of Object.keys(passed)) {
      if (text.includes(name)) throw new Error(`deploymentOf: ${name} is used other than by Ref`);
    }
    for (const [id, value] of Object.entries(resources)) {
      // CDK's version report (`cdk synth` adds one to every stack; tests' apps add none).
      if (value.Type === 'AWS::CDK::Metadata') continue;
      if (id in merged.Resources) {
        throw new Error(`deploymentOf: ${id} is in ${stack.node.path} and ${nested.node.path}`);
      }
      merged.Resources[id] = value;
    }
  }
  return merged;
}

/** `value` with every `{ "Ref": name }` of a name in `values` replaced by its value. */
function substituteRefs(value: unknown, values: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((item) => substituteRefs(item, values));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first?.[0] === 'Ref' && typeof first[1] === 'string') {
    if (Object.hasOwn(values, first[1])) return structuredClone(values[first[1]]);
  }
  return Object.fromEntries(entries.map(([key, inner]) => [key, substituteRefs(inner, values)]));
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

/** The stand-in handler of the fixtures, for a manifest function whose code is not under test. */
export const STAND_IN_ENTRY = 'test/infra/fixtures/handler.ts';

/** The manifest's function `name`, served by the stand-in handler. */
export function standIn(name: string): FunctionSpec {
  const spec = functions.find((f) => f.name === name);
  if (spec === undefined) throw new Error(`no function ${name} in the manifest`);
  return { ...spec, entry: STAND_IN_ENTRY };
}

/** The stand-ins the test manifests share: a public route, a staff API route, a staff page. */
export const fakeRoutes = {
  publicHealth: fakeFunction({
    name: 'public-health',
    trigger: { kind: 'http', method: 'GET', path: '/api/health', auth: 'public' },
  }),
  staffInbox: fakeFunction({
    name: 'staff-inbox',
    trigger: { kind: 'http', method: 'GET', path: '/api/staff/inbox', auth: 'staff' },
  }),
  staffPage: fakeFunction({
    name: 'staff-page',
    trigger: { kind: 'http', method: 'GET', path: '/staff/inbox', auth: 'session' },
    access: { table: 'none', sendTo: [], session: true },
  }),
} as const;

/** The Lambda function of the stack's function `name`. */
export function functionOf({ stack }: Pick<Synthesized, 'stack'>, name: string): NodejsFunction {
  const fn = stack.functions.get(name)?.fn;
  if (fn === undefined) throw new Error(`no function ${name} in the stack`);
  return fn;
}

/** The environment variables of the stack's function `name`, as the template gives them. */
export function environmentOf(
  synthesized: Pick<Synthesized, 'stack' | 'template'>,
  name: string,
): Record<string, unknown> {
  const resource = synthesized.template.toJSON().Resources[
    logicalId(functionOf(synthesized, name))
  ] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
  return resource.Properties.Environment.Variables;
}

/** Every IAM statement of the role of the stack's function `name`. */
export function statementsOfFunction(
  synthesized: Pick<Synthesized, 'stack' | 'template'>,
  name: string,
): Statement[] {
  const role = functionOf(synthesized, name).role;
  if (role === undefined) throw new Error(`${name} has no role`);
  return statementsOf(synthesized.template, logicalId(role));
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
  /** Every stack's template, by stack name (a nested stack's by construct path). */
  templates: Record<string, TemplateJson>;
  /** The main stack with its nested stacks, as one template (`deploymentOf`); absent if unwritten. */
  deployment: TemplateJson | undefined;
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
  bundle = false,
  ...stackProps
}: Omit<SynthesizeOptions, 'checks'> = {}): CheckedSynthesis {
  const app = newApp(context, { bundle });
  const { stack, waf } = buildApp(app, { env, checks: true, stack: stackProps });
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  const templates: Record<string, TemplateJson> = {};
  const read = new Map<Stack, TemplateJson>();
  for (const s of [stack, ...nestedStacksOf(stack, true), waf]) {
    if (s === undefined) continue;
    const file = join(app.outdir, s.templateFile);
    if (!existsSync(file)) continue;
    const template = JSON.parse(readFileSync(file, 'utf8')) as TemplateJson;
    read.set(s, template);
    templates[NestedStack.isNestedStack(s) ? s.node.path : s.stackName] = template;
  }
  const deployment = [stack, ...nestedStacksOf(stack, true)].every((s) => read.has(s))
    ? deploymentOf(stack, (s) => read.get(s) as TemplateJson)
    : undefined;
  return { app, stack, waf, error, templates, deployment };
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
