/** Shapes shared by the Entra endpoints and the sign-in page. */

/** A reply of the local tenant's Entra endpoints: status, headers and a JSON (or HTML) body. */
export interface AadReply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** The one app registration the tenant holds: SkillSteps, as aad.manifest.json declares it. */
export interface AppRegistration {
  clientId: string;
  clientSecret: string;
  displayName: string;
  /** The API's Application ID URIs (`identifierUris`): `api://<clientId>` and `api://localhost/<clientId>`. */
  identifierUris: string[];
  /** Delegated scopes the API exposes (`oauth2PermissionScopes`). */
  scopes: string[];
  /**
   * Redirect URIs of type Single-page application (`spa.redirectUris`): the tab's dev host. For
   * `http://localhost` the port is not compared (reply-url: "Localhost exceptions").
   */
  spaRedirectUris: string[];
}

/** A person the sign-in page signed in, with the app roles they chose to hold. */
export interface SignedInUser {
  upn: string;
  name: string;
  roles: string[];
}
