/**
 * Verifies bearer tokens against the issuer that claims to have signed them. The issuer must be
 * registered; its JWKS is fetched and cached per issuer by `jose`, which refetches on an
 * unknown `kid` (key rotation) with a cooldown so a flood of bad tokens cannot hammer the IdP.
 */
import { createRemoteJWKSet, decodeJwt, errors, type JWTPayload, jwtVerify } from 'jose';
import type { IssuerRegistration } from '../../domain/tenancy/issuer-registration.ts';

export interface VerifiedToken {
  readonly registration: IssuerRegistration;
  readonly claims: JWTPayload;
}

export type IssuerLookup = (issuer: string) => Promise<IssuerRegistration | undefined>;

/** Asymmetric algorithms only: `none` and HMAC (`HS*`, forgeable with a public key) are refused. */
const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/** Seconds of clock skew tolerated between the IdP and us. */
const CLOCK_TOLERANCE_SECONDS = 30;

export class TokenVerifier {
  readonly #lookupIssuer: IssuerLookup;
  readonly #keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  constructor(lookupIssuer: IssuerLookup) {
    this.#lookupIssuer = lookupIssuer;
  }

  /** The verified token, or undefined for anything not provably valid (never throws on bad input). */
  async verify(token: string): Promise<VerifiedToken | undefined> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      return undefined;
    }
    if (issuer === undefined) return undefined;
    const registration = await this.#lookupIssuer(issuer);
    if (registration === undefined) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.#keySetOf(registration), {
        issuer: registration.issuer,
        audience: registration.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'sub'],
      });
      return { registration, claims: payload };
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
  }

  #keySetOf(registration: IssuerRegistration) {
    const cacheKey = `${registration.issuer}|${registration.jwksUri}`;
    let keySet = this.#keySets.get(cacheKey);
    if (keySet === undefined) {
      keySet = createRemoteJWKSet(new URL(registration.jwksUri), {
        cooldownDuration: 30_000,
        cacheMaxAge: 600_000,
      });
      this.#keySets.set(cacheKey, keySet);
    }
    return keySet;
  }
}
