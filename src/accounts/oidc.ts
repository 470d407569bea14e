/**
 * Single sign-on with OpenID Connect (Core 1.0): the authorization code flow with PKCE (RFC 7636), state and nonce,
 * an RS256-signed id_token checked against the provider's JWKS, and the Picket role taken from a claim. Works with
 * Microsoft Entra ID (issuer https://login.microsoftonline.com/<tenant>/v2.0, app roles in the `roles` claim) and
 * any standard provider.
 */
import { createHash, createPublicKey, randomBytes, verify as verifySignature, type JsonWebKey } from 'node:crypto';
import { ROLES, isRole, type Role } from '../server/permissions.js';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** Where the provider sends the browser back: https://picket.example/api/v1/auth/oidc/callback */
  redirectUri: string;
  scopes: string[];
  /** The claim carrying roles or groups (Entra app roles: `roles`; many providers: `groups`). */
  roleClaim: string;
  /** Claim value to Picket role; the highest role any value maps to wins. */
  roleMap: Record<string, Role>;
  /** Role for users whose claim maps to none; null refuses them. */
  defaultRole: Role | null;
  /** The claim used as the Picket user name (falls back to email, then sub). */
  usernameClaim: string;
  /** The name shown on the login button. */
  label: string;
}

/** Reads PICKET_OIDC_* variables; null when single sign-on is not configured. */
export function oidcConfigFromEnv(env: NodeJS.ProcessEnv, publicUrl?: string): OidcConfig | null {
  const issuer = env.PICKET_OIDC_ISSUER?.trim();
  if (!issuer) return null;
  const clientId = env.PICKET_OIDC_CLIENT_ID?.trim();
  if (!clientId) throw new OidcError('PICKET_OIDC_ISSUER is set but PICKET_OIDC_CLIENT_ID is not.');
  const redirectUri = env.PICKET_OIDC_REDIRECT_URI?.trim() || (publicUrl ? `${publicUrl.replace(/\/$/, '')}/api/v1/auth/oidc/callback` : '');
  if (!redirectUri) throw new OidcError('Set PICKET_OIDC_REDIRECT_URI or PICKET_PUBLIC_URL for single sign-on.');
  const roleMap: Record<string, Role> = {};
  for (const pair of (env.PICKET_OIDC_ROLE_MAP ?? 'Picket.Admin=admin,Picket.Analyst=analyst,Picket.Viewer=viewer').split(',')) {
    if (!pair.trim()) continue;
    const eq = pair.lastIndexOf('=');
    const role = pair.slice(eq + 1).trim();
    if (eq < 1 || !isRole(role)) throw new OidcError(`PICKET_OIDC_ROLE_MAP: '${pair}' is not claimValue=admin|analyst|viewer.`);
    roleMap[pair.slice(0, eq).trim()] = role;
  }
  const defaultRole = env.PICKET_OIDC_DEFAULT_ROLE?.trim() || null;
  if (defaultRole !== null && !isRole(defaultRole)) throw new OidcError('PICKET_OIDC_DEFAULT_ROLE must be admin, analyst or viewer.');
  return {
    issuer, clientId, clientSecret: env.PICKET_OIDC_CLIENT_SECRET, redirectUri,
    scopes: (env.PICKET_OIDC_SCOPES ?? 'openid profile email').split(/\s+/).filter(Boolean),
    roleClaim: env.PICKET_OIDC_ROLE_CLAIM?.trim() || 'roles', roleMap, defaultRole,
    usernameClaim: env.PICKET_OIDC_USERNAME_CLAIM?.trim() || 'preferred_username',
    label: env.PICKET_OIDC_LABEL?.trim() || 'Single sign-on',
  };
}

export class OidcError extends Error {}

interface Discovery { issuer: string; authorization_endpoint: string; token_endpoint: string; jwks_uri: string; token_endpoint_auth_methods_supported?: string[] }
interface Jwk extends JsonWebKey { kid?: string; kty?: string; use?: string; alg?: string }

export interface PendingLogin { state: string; nonce: string; verifier: string; createdAt: number }
export interface OidcIdentity { subject: string; username: string; displayName: string; role: Role; claims: Record<string, unknown> }

const CLOCK_SKEW_S = 120;
const b64url = (b: Buffer) => b.toString('base64url');

export class OidcClient {
  private discovery?: { doc: Discovery; at: number };
  private keys?: { keys: Jwk[]; at: number };

  constructor(readonly config: OidcConfig, private readonly fetchFn: typeof fetch = fetch) {
    const u = new URL(config.issuer);
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
    if (u.protocol !== 'https:' && !local) throw new OidcError('The OIDC issuer must be an https URL.');
  }

  /** A fresh login: the provider URL to send the browser to, and what the callback must check. */
  async begin(): Promise<{ url: string; pending: PendingLogin }> {
    const d = await this.discover();
    const pending: PendingLogin = { state: b64url(randomBytes(24)), nonce: b64url(randomBytes(24)), verifier: b64url(randomBytes(32)), createdAt: Date.now() };
    const url = new URL(d.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code', client_id: this.config.clientId, redirect_uri: this.config.redirectUri,
      scope: this.config.scopes.join(' '), state: pending.state, nonce: pending.nonce,
      code_challenge: b64url(createHash('sha256').update(pending.verifier).digest()), code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), pending };
  }

  /** Redeems the code, checks the id_token and maps its claims to a Picket identity. */
  async complete(code: string, pending: PendingLogin): Promise<OidcIdentity> {
    const d = await this.discover();
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: this.config.redirectUri, code_verifier: pending.verifier });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (this.config.clientSecret) {
      const methods = d.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
      if (methods.includes('client_secret_basic')) {
        // RFC 6749 §2.3.1: both parts form-urlencoded before base64
        const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
        headers.authorization = `Basic ${Buffer.from(`${enc(this.config.clientId)}:${enc(this.config.clientSecret)}`).toString('base64')}`;
      } else {
        body.set('client_id', this.config.clientId);
        body.set('client_secret', this.config.clientSecret);
      }
    } else body.set('client_id', this.config.clientId);
    const res = await this.fetchFn(d.token_endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000), redirect: 'error' });
    const json = await res.json().catch(() => ({})) as { id_token?: unknown; error?: unknown };
    if (!res.ok || typeof json.id_token !== 'string') throw new OidcError(`The provider refused the code${typeof json.error === 'string' ? ` (${json.error.slice(0, 100)})` : ''}.`);
    const claims = await this.verifyIdToken(json.id_token, pending.nonce);
    return this.identity(claims);
  }

  /** Checks signature (RS256 only: no `none`, no HMAC with a public key), issuer, audience, times and nonce. */
  async verifyIdToken(token: string, nonce: string): Promise<Record<string, unknown>> {
    const parts = token.split('.');
    if (parts.length !== 3) throw new OidcError('The id_token is not a signed JWT.');
    let header: { alg?: unknown; kid?: unknown }, claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch { throw new OidcError('The id_token is not valid JSON.'); }
    if (header.alg !== 'RS256') throw new OidcError(`The id_token algorithm ${String(header.alg)} is not accepted (RS256 only).`);
    const key = await this.key(typeof header.kid === 'string' ? header.kid : undefined);
    const ok = verifySignature('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), createPublicKey({ key, format: 'jwk' }), Buffer.from(parts[2], 'base64url'));
    if (!ok) throw new OidcError('The id_token signature is not valid.');
    const d = await this.discover();
    const now = Date.now() / 1000;
    if (claims.iss !== d.issuer) throw new OidcError('The id_token comes from another issuer.');
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(this.config.clientId)) throw new OidcError('The id_token is for another client.');
    if (aud.length > 1 && claims.azp !== this.config.clientId) throw new OidcError('The id_token was issued to another party (azp).');
    if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S < now) throw new OidcError('The id_token has expired.');
    if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_S > now) throw new OidcError('The id_token is not valid yet.');
    if (typeof claims.iat === 'number' && claims.iat - CLOCK_SKEW_S > now) throw new OidcError('The id_token was issued in the future.');
    if (claims.nonce !== nonce) throw new OidcError('The id_token nonce does not match this login.');
    if (typeof claims.sub !== 'string' || !claims.sub) throw new OidcError('The id_token has no subject.');
    return claims;
  }

  identity(claims: Record<string, unknown>): OidcIdentity {
    const raw = claims[this.config.roleClaim];
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
    const mapped = values.map(v => this.config.roleMap[v]).filter((r): r is Role => r !== undefined);
    // ROLES is ordered from most to least powerful
    const role = ROLES.find(r => mapped.includes(r)) ?? this.config.defaultRole;
    if (!role) throw new OidcError(`Your account has no Picket role (claim '${this.config.roleClaim}'); ask an administrator to assign one.`);
    const pick = (k: string) => (typeof claims[k] === 'string' && claims[k] ? String(claims[k]) : undefined);
    const username = pick(this.config.usernameClaim) ?? pick('email') ?? String(claims.sub);
    return { subject: `${String(claims.iss)}|${String(claims.sub)}`, username, displayName: pick('name') ?? username, role, claims };
  }

  private async discover(): Promise<Discovery> {
    if (this.discovery && Date.now() - this.discovery.at < 3_600_000) return this.discovery.doc;
    const url = `${this.config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const doc = await this.getJson(url) as Partial<Discovery>;
    // OIDC Discovery §4.3: the issuer in the document must be the one configured
    if (doc.issuer?.replace(/\/$/, '') !== this.config.issuer.replace(/\/$/, '')) throw new OidcError('The discovery document names another issuer.');
    for (const k of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
      if (typeof doc[k] !== 'string') throw new OidcError(`The discovery document has no ${k}.`);
    }
    this.discovery = { doc: doc as Discovery, at: Date.now() };
    return this.discovery.doc;
  }

  private async key(kid: string | undefined): Promise<Jwk> {
    const pick = (keys: Jwk[]) => keys.find(k => k.kty === 'RSA' && (k.use === undefined || k.use === 'sig') && (kid === undefined || k.kid === kid));
    let found = this.keys && pick(this.keys.keys);
    // an unknown kid means the provider rotated its keys; refetch, but not more than once a minute
    if (!found && (!this.keys || Date.now() - this.keys.at > 60_000)) {
      const doc = await this.getJson((await this.discover()).jwks_uri) as { keys?: Jwk[] };
      this.keys = { keys: Array.isArray(doc.keys) ? doc.keys : [], at: Date.now() };
      found = pick(this.keys.keys);
    }
    if (!found) throw new OidcError('The id_token is signed with a key the provider does not publish.');
    return found;
  }

  private async getJson(url: string): Promise<unknown> {
    const res = await this.fetchFn(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new OidcError(`The provider answered ${res.status} for ${url}.`);
    return res.json();
  }
}
