// A JSON request to the app under test as one of the accounts signedIn logged in, for API tests that check answers
// field by field. Not a client: it sends what it is given (POST when there is a body, GET otherwise) and reads JSON.

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the API under test, checked with exact values
export type Json = any;

/** `as` names a session cookie of `cookies` (none: no session); the answer's status and parsed body. */
export async function jsonCall(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  cookies: Record<string, string>,
  path: string,
  init: { body?: unknown; as?: string } = {},
): Promise<{ status: number; body: Json }> {
  const res = await app.request(path, {
    method: init.body === undefined ? "GET" : "POST",
    headers: {
      "content-type": "application/json",
      ...(init.as ? { cookie: cookies[init.as] as string } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: await res.json() };
}
