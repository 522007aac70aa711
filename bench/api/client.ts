import type { HttpRequest } from "./scenarios";

export interface Answer {
  status: number;
  body: any;
}

/** Sends one scenario request outside the load generator: for checks, counts and sign-in. */
export async function send(baseUrl: string, request: HttpRequest): Promise<Answer> {
  const response = await fetch(baseUrl + request.path, { method: request.method, headers: request.headers, body: request.body });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: kept as text for the error message.
  }
  return { status: response.status, body };
}
