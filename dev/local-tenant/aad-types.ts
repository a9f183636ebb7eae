/** Shapes shared by the Entra endpoints and the sign-in page. */

/** A reply of the local tenant's Entra endpoints: status, headers and a JSON (or HTML) body. */
export interface AadReply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface AppRegistration {
  clientId: string;
  clientSecret: string;
  displayName: string;
}
