// A query the engine refuses: a code, a sentence a person can act on, and the path of the field at fault. The
// engine knows nothing of HTTP; the API answers this as 400 in the fixed error shape.
export class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}
