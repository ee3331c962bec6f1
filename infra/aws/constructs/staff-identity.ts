import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { UNIT_IDS, unitLabel } from '#core/units.ts';
import { acknowledge } from '../nag.ts';
import { type JwtSettings, resourceName } from '../settings.ts';

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
 * What the site's `/config.json` tells the sign-in page (site/src/scripts/staff/signin.ts): Cognito's
 * InitiateAuth, or an external OIDC provider, which the site cannot sign in with yet.
 */
export type SiteAuthConfig =
  | { auth: 'cognito'; region: string; clientId: string }
  | { auth: 'oidc'; issuer: string; clientId: string };

export interface StaffIdentityProps {
  stage: string;
  /** An external OIDC issuer; when absent, a Cognito user pool is created and trusted. */
  jwt: JwtSettings | undefined;
}

/**
 * Staff sign-in: the one OIDC issuer the HTTP API trusts, and the JWT authorizer that guards the
 * staff routes (DESIGN.md §9).
 *
 * By default the issuer is a Cognito user pool of this stack, whose groups carry unit and role
 * (`unit:<id>`, `role:<role>` in `cognito:groups`). Administrators create the users; the pool has
 * none, and no demo account ever exists in AWS.
 *
 * With context `jwtIssuer` and `jwtAudience`, another provider (the county's own IdP) replaces
 * Cognito and no pool is created: a pool nobody signs in to would only be an unused door, and an
 * empty one in every stage to administer. That provider must put the same groups in a
 * `cognito:groups` claim.
 */
export class StaffIdentity extends Construct {
  /** Absent when an external issuer is configured. */
  readonly userPool: UserPool | undefined;
  readonly client: UserPoolClient | undefined;
  readonly issuer: string;
  readonly audience: string[];
  /**
   * Bound to the API with the first staff route; a manifest without staff routes creates no
   * authorizer resource.
   */
  readonly authorizer: HttpJwtAuthorizer;
  readonly siteConfig: SiteAuthConfig;

  constructor(scope: Construct, id: string, { stage, jwt }: StaffIdentityProps) {
    super(scope, id);
    if (jwt !== undefined) {
      this.userPool = undefined;
      this.client = undefined;
      this.issuer = jwt.issuer;
      this.audience = jwt.audience;
      // The site signs in with `local` or `cognito` only today; `oidc` names the provider it will
      // hand off to once it can. Until then it falls back to POST /api/session, which AWS does not
      // serve, and the sign-in page says sign-in is unavailable.
      this.siteConfig = { auth: 'oidc', issuer: jwt.issuer, clientId: jwt.audience[0] ?? '' };
    } else {
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
        // TOTP for those who enrol; SMS would need a Cognito SMS role and sandbox exit.
        mfa: Mfa.OPTIONAL,
        mfaSecondFactor: { otp: true, sms: false },
        enableSmsRole: false,
        // Only an administrator resets a password (DESIGN.md §1: admin manages users; the sign-in
        // page tells users to ask them): no e-mail channel to verify or to have hijacked.
        accountRecovery: AccountRecovery.NONE,
        // Essentials: password history, no threat-protection add-on (advanced security stays off).
        featurePlan: FeaturePlan.ESSENTIALS,
        deletionProtection: true,
        // The accounts and their groups are who may see personal data; they outlive the stack.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // MFA and threat protection are kept optional and off until the sign-in page
      // (site/src/scripts/staff/signin.ts) can answer Cognito's challenges: today it treats any
      // challenge as "set a new password", so REQUIRED MFA, or an adaptive-authentication step-up,
      // would lock every member of staff out. Both findings go once it can.
      acknowledge(
        pool,
        'COG2',
        'MFA is OPTIONAL (TOTP) because the staff sign-in page cannot yet answer the ' +
          'SOFTWARE_TOKEN_MFA / MFA_SETUP challenges; REQUIRED would lock all staff out. ' +
          'Accounts are admin-created only, 12-character passwords with history',
      );
      acknowledge(
        pool,
        'COG8',
        'Essentials plan: the Plus plan’s threat protection answers risky sign-ins with ' +
          'challenges the staff sign-in page cannot yet answer, and audit-only mode would be ' +
          'paid for risk events nobody acts on; revisit with required MFA',
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
      const client = pool.addClient('SiteClient', {
        userPoolClientName: resourceName(stage, 'site'),
        // A public client: the static site holds no secret.
        generateSecret: false,
        // USER_PASSWORD_AUTH is what the sign-in page sends; SRP for clients that can do it.
        authFlows: { userPassword: true, userSrp: true },
        // No hosted UI or OAuth redirects: the site signs in with InitiateAuth.
        disableOAuth: true,
        // A working day. The site never refreshes, so a refresh token gains nothing by living longer.
        idTokenValidity: Duration.hours(8),
        accessTokenValidity: Duration.hours(8),
        refreshTokenValidity: Duration.hours(8),
        enableTokenRevocation: true,
        preventUserExistenceErrors: true,
      });
      const stack = Stack.of(this);
      this.userPool = pool;
      this.client = client;
      // As Cognito writes `iss`. Built from the stack's region and URL suffix, not from
      // HttpUserPoolAuthorizer, which spells `amazonaws.com` and so breaks in aws-cn.
      this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${pool.userPoolId}`;
      // The id token's `aud` is the client id (API Gateway compares an access token's client_id).
      this.audience = [client.userPoolClientId];
      this.siteConfig = {
        auth: 'cognito',
        region: stack.region,
        clientId: client.userPoolClientId,
      };
    }
    this.authorizer = new HttpJwtAuthorizer('StaffJwt', this.issuer, {
      jwtAudience: this.audience,
    });
  }
}
