import { Duration, Fn, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  type CfnUserPoolClient,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { COGNITO_CLAIMS } from '#core/principal.ts';
import { UNIT_IDS, unitLabel } from '#core/units.ts';
import { acknowledge } from '../nag.ts';
import { type OidcSettings, resourceName } from '../settings.ts';

/** The roles of DESIGN.md §1, as `role:<role>` groups (functions/core/principal.ts reads them). */
export const STAFF_ROLES = ['staff', 'head', 'leader', 'admin'] as const;

const ROLE_LABELS: Record<(typeof STAFF_ROLES)[number], string> = {
  staff: '承办人',
  head: '单位负责人',
  leader: '领导小组成员',
  admin: '系统管理员',
};

/** Every group the pool has: one per unit, one per role. */
export function staffGroupNames(): string[] {
  return [...UNIT_IDS.map((unit) => `unit:${unit}`), ...STAFF_ROLES.map((role) => `role:${role}`)];
}

/**
 * The environment of a function with `access.session` (the staff pages): what the relying party of
 * functions/adapters/oidc.ts and functions/adapters/secrets.ts reads.
 */
export const SESSION_ENV = {
  /** The provider's issuer URL, where the pages discover it. */
  issuer: 'OIDC_ISSUER',
  clientId: 'OIDC_CLIENT_ID',
  /** A secret whose SecretString is the client secret; absent for a public client (PKCE only). */
  clientSecretArn: 'OIDC_CLIENT_SECRET_ARN',
  /** JSON: which claims carry user, and groups or unit and role. */
  claims: 'OIDC_CLAIMS',
  /** The provider's logout URL, when its discovery has no `end_session_endpoint` (Cognito). */
  logoutUrl: 'OIDC_LOGOUT_URL',
  /** Space-separated scopes; absent: the functions' default, `openid profile`. */
  scopes: 'OIDC_SCOPES',
  /** The site's origin: redirect and post-logout URIs are under it, form posts must come from it. */
  siteUrl: 'SITE_URL',
  /** A generated secret the session cookie's key is derived from. */
  sessionSecretArn: 'SESSION_SECRET_ARN',
} as const;

/** Where the provider sends the browser back after sign-in, under the site's origin. */
export const CALLBACK_PATH = '/staff/callback';
/** Where the provider sends the browser after signing out, under the site's origin. */
export const SIGNED_OUT_PATH = '/staff/signed-out';

/** What the staff pages' functions are given: their environment and the secrets they may read. */
export interface SessionAccess {
  environment: Readonly<Record<string, string>>;
  secrets: readonly ISecret[];
}

export interface StaffIdentityProps {
  stage: string;
  /** An external OIDC provider; when absent, a Cognito user pool is created and trusted. */
  oidc: OidcSettings | undefined;
  /**
   * The site's origin, `https://<host>` (may hold tokens): the OIDC client's redirect and
   * post-logout URIs are under it.
   */
  siteUrl: string;
}

/**
 * Staff sign-in: the one OIDC provider the staff pages sign in with (authorization code with PKCE,
 * functions/adapters/oidc.ts) and whose tokens the HTTP API trusts, the JWT authorizer that guards
 * the `/api/staff/` routes (DESIGN.md §9), and the secret that seals the pages' session cookies.
 *
 * By default the provider is a Cognito user pool of this stack, whose groups carry unit and role
 * (`unit:<id>`, `role:<role>` in `cognito:groups`). Staff sign in on its managed login pages, which
 * also take the new password of a first sign-in and enrol the TOTP app that every account must
 * use. Administrators create the users; the pool has none, and no demo account ever exists in AWS.
 *
 * With context `jwtIssuer` and `jwtAudience` (and `oidcClientId`, `oidcClientSecretArn`,
 * `oidcClaims`, `oidcLogoutUrl`, `oidcScopes` as it needs), another provider (the county's own IdP)
 * replaces Cognito and no pool is created: a pool nobody signs in to would only be an unused door,
 * and an empty one in every stage to administer. The operator registers the pages' redirect and
 * post-logout URIs with it (the stack outputs them) and puts its client secret, if it has one,
 * in a Secrets Manager secret of their own.
 *
 * No circular dependency arises from the client naming the site: the distribution depends on the
 * HTTP API resource alone (its endpoint is the `/api/*` and `/staff/*` origin), not on its routes,
 * integrations or authorizer; so the order is API → distribution → client → authorizer and
 * functions → routes, and a test checks the template for cycles.
 */
export class StaffIdentity extends Construct {
  /** Absent when an external provider is configured. */
  readonly userPool: UserPool | undefined;
  readonly client: UserPoolClient | undefined;
  /** The managed login domain; absent with an external provider. */
  readonly domain: UserPoolDomain | undefined;
  readonly issuer: string;
  readonly audience: string[];
  /**
   * Bound to the API with the first staff route; a manifest without staff routes creates no
   * authorizer resource.
   */
  readonly authorizer: HttpJwtAuthorizer;
  /** The key material of the pages' session cookies: 64 random characters, never leaving AWS. */
  readonly sessionSecret: Secret;
  /** The OIDC client's secret: a copy of the Cognito client's, or the operator's; absent: public. */
  readonly clientSecret: ISecret | undefined;
  /** What the staff pages' functions get (`access.session`). */
  readonly session: SessionAccess;

  constructor(scope: Construct, id: string, { stage, oidc, siteUrl }: StaffIdentityProps) {
    super(scope, id);
    this.sessionSecret = new Secret(this, 'SessionSecret', {
      description: `si-disputes ${stage}: seals the staff pages' session cookies`,
      // The functions hash it to a 256-bit key (functions/adapters/secrets.ts); 64 characters of
      // 62 are 381 bits.
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      this.sessionSecret,
      'SMG4',
      'Not rotated on a schedule: a new key signs every member of staff out (sessions live hours, ' +
        'so there is no old key to keep); it is replaced by hand after a suspected leak ' +
        '(put-secret-value with a new random value), and the functions read it again on start',
    );

    let environment: Record<string, string>;
    if (oidc !== undefined) {
      this.userPool = undefined;
      this.client = undefined;
      this.domain = undefined;
      this.issuer = oidc.issuer;
      this.audience = oidc.audience;
      this.clientSecret =
        oidc.clientSecretArn === undefined
          ? undefined
          : Secret.fromSecretCompleteArn(this, 'ClientSecret', oidc.clientSecretArn);
      environment = {
        [SESSION_ENV.issuer]: oidc.issuer,
        [SESSION_ENV.clientId]: oidc.clientId,
        [SESSION_ENV.claims]: JSON.stringify(oidc.claims),
        ...(oidc.logoutUrl === undefined ? {} : { [SESSION_ENV.logoutUrl]: oidc.logoutUrl }),
        ...(oidc.scopes === undefined ? {} : { [SESSION_ENV.scopes]: oidc.scopes }),
      };
    } else {
      const pool = this.createUserPool(stage);
      const client = this.createClient(stage, pool, siteUrl);
      const domain = pool.addDomain('ManagedLogin', {
        // A prefix is unique per region across all accounts: the stage, and a part of this
        // stack's id that tells one account's deployment from another's without naming the account.
        cognitoDomain: {
          domainPrefix: `${resourceName(stage)}-${Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Stack.of(this).stackId))))}`,
        },
        // Managed login (not the classic hosted UI): it takes the first sign-in's new password and
        // sets up the TOTP app, and renders in Chinese (`lang=zh-CN`).
        managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
      });
      // Managed login shows an app client's pages only when the client has a style; Cognito's own.
      new CfnManagedLoginBranding(this, 'ManagedLoginBranding', {
        userPoolId: pool.userPoolId,
        clientId: client.userPoolClientId,
        useCognitoProvidedValues: true,
      });
      // The client's secret, as CloudFormation reads it from the client (no custom resource), in
      // a secret the pages read at run time: it is never in the functions' configuration.
      const clientSecret = new Secret(this, 'ClientSecret', {
        description: `si-disputes ${stage}: the secret of the staff pages' Cognito app client`,
        secretStringValue: SecretValue.resourceAttribute(
          (client.node.defaultChild as CfnUserPoolClient).attrClientSecret,
        ),
        removalPolicy: RemovalPolicy.DESTROY,
      });
      acknowledge(
        clientSecret,
        'SMG4',
        'A copy of the Cognito app client’s secret, which Cognito generates: Secrets Manager ' +
          'cannot rotate it, and a new client secret (a replaced client) is copied here by the ' +
          'same deployment',
      );
      const stack = Stack.of(this);
      this.userPool = pool;
      this.client = client;
      this.domain = domain;
      this.clientSecret = clientSecret;
      // As Cognito writes `iss`. Built from the stack's region and URL suffix, not from
      // HttpUserPoolAuthorizer, which spells `amazonaws.com` and so breaks in aws-cn.
      this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${pool.userPoolId}`;
      // The id token's `aud` is the client id (API Gateway compares an access token's client_id).
      this.audience = [client.userPoolClientId];
      environment = {
        [SESSION_ENV.issuer]: this.issuer,
        [SESSION_ENV.clientId]: client.userPoolClientId,
        [SESSION_ENV.claims]: JSON.stringify(COGNITO_CLAIMS),
        // Cognito's discovery document has no end_session_endpoint; its logout endpoint takes
        // client_id and logout_uri (one of the client's logout URLs).
        [SESSION_ENV.logoutUrl]: `${domain.baseUrl()}/logout`,
      };
    }
    this.session = {
      environment: {
        ...environment,
        ...(this.clientSecret === undefined
          ? {}
          : { [SESSION_ENV.clientSecretArn]: this.clientSecret.secretArn }),
        [SESSION_ENV.siteUrl]: siteUrl,
        [SESSION_ENV.sessionSecretArn]: this.sessionSecret.secretArn,
      },
      secrets: [
        this.sessionSecret,
        ...(this.clientSecret === undefined ? [] : [this.clientSecret]),
      ],
    };
    this.authorizer = new HttpJwtAuthorizer('StaffJwt', this.issuer, {
      jwtAudience: this.audience,
    });
  }

  private createUserPool(stage: string): UserPool {
    const pool = new UserPool(this, 'UserPool', {
      userPoolName: resourceName(stage, 'staff'),
      // Accounts are made by an administrator for named staff, never by the public.
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // Every account signs in with a TOTP app as well (issue 11); managed login enrols it at the
      // first sign-in. No SMS: it would need a Cognito SMS role and sandbox exit, and is weaker.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      enableSmsRole: false,
      // Only an administrator resets a password (DESIGN.md §1: admin manages users; the sign-in
      // page tells users to ask them): no e-mail channel to verify or to have hijacked.
      accountRecovery: AccountRecovery.NONE,
      // Essentials: managed login and password history, no threat-protection add-on.
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      // The accounts and their groups are who may see personal data; they outlive the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      pool,
      'COG8',
      'Essentials plan: every account is made by an administrator and must sign in with a TOTP ' +
        'app, so a stolen or guessed password alone opens nothing; the Plus plan’s threat ' +
        'protection, charged per active user, would add risk scoring on top for a few hundred ' +
        'named staff. Revisit if the sign-in logs show attacks',
    );
    for (const unit of UNIT_IDS) {
      pool.addGroup(`Unit-${unit}`, {
        groupName: `unit:${unit}`,
        description: unitLabel(unit),
      });
    }
    for (const role of STAFF_ROLES) {
      pool.addGroup(`Role-${role}`, {
        groupName: `role:${role}`,
        description: ROLE_LABELS[role],
      });
    }
    return pool;
  }

  /**
   * The staff pages' app client: a confidential client (its secret stays in the functions) that
   * may only use the authorization-code grant, with PKCE from the relying party, and redirect to
   * the site only.
   */
  private createClient(stage: string, pool: UserPool, siteUrl: string): UserPoolClient {
    return new UserPoolClient(this, 'SiteClient', {
      userPool: pool,
      userPoolClientName: resourceName(stage, 'site'),
      generateSecret: true,
      // Managed login's password step runs on the flows the client allows: SRP, so the password
      // never travels in the clear to the API. No USER_PASSWORD_AUTH, no admin or custom flows;
      // the API itself needs the client secret and still asks for the TOTP code.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.PROFILE],
        callbackUrls: [`${siteUrl}${CALLBACK_PATH}`],
        logoutUrls: [`${siteUrl}${SIGNED_OUT_PATH}`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      // The ID token carries what the app client may read: the display name and work phone that
      // annex 2 prints as 受理人 and 受理人联系方式 (issue 13; standard attributes `name` and
      // `phone_number`, set by `npm run admin -- users set`), and nothing else of the account.
      readAttributes: new ClientAttributes().withStandardAttributes({
        fullname: true,
        phoneNumber: true,
      }),
      // A working day for scripts that use the tokens with the API; the pages keep their own
      // shorter session and never refresh.
      idTokenValidity: Duration.hours(8),
      accessTokenValidity: Duration.hours(8),
      refreshTokenValidity: Duration.hours(8),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
  }
}
