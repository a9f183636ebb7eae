/**
 * Graph's error shape (learn.microsoft.com "Microsoft Graph error responses and resource types"):
 * `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`. Every
 * failure of the local Graph, whatever its cause, answers in this shape.
 */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface GraphErrorBody {
  error: { code: string; message: string; innerError: { date: string; 'request-id': string; 'client-request-id': string } };
}

/** The JSON body of an error, with the request's ids (Graph's innerError.date has no zone or fraction). */
export function graphErrorBody(code: string, message: string, requestId: string, clientRequestId: string): GraphErrorBody {
  return { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': clientRequestId } } };
}

/** 400 invalidRequest: the request is malformed (SharePoint's code for bad fields, filters, values). */
export const invalidRequest = (message: string): GraphError => new GraphError(400, 'invalidRequest', message);

/** 400 BadRequest: Graph's own code for a malformed URL, query option or body. */
export const badRequest = (message: string): GraphError => new GraphError(400, 'BadRequest', message);

/** 404 itemNotFound: a site, list, column or item that does not exist. */
export const notFound = (message: string): GraphError => new GraphError(404, 'itemNotFound', message);

/** 501 notSupported: valid Graph that the local tenant does not implement (dev/README.md lists it). */
export const notSupported = (what: string): GraphError =>
  new GraphError(501, 'notSupported', `${what} is not supported by the local tenant (see dev/README.md).`);
