// The API key of a WebSocket connection, from graphql-ws's connectionParams in the shapes
// clients send: { authorization }, { Authorization }, { headers: { Authorization } } (Apollo's
// and urql's habit of mirroring HTTP), the key with or without "Bearer ".
const KEY_PARAM = /^authorization$/i;

export type WsKey = { key: string } | { refusal: string };

export function keyFromConnectionParams(params: unknown): WsKey {
  const value = findAuthorization(params) ?? findAuthorization((params as { headers?: unknown })?.headers);
  if (value === undefined)
    return { refusal: 'no API key: send connectionParams { "authorization": "Bearer dk_..." }' };
  if (typeof value !== 'string' || value.trim() === '')
    return { refusal: 'the authorization connection param must be a string: "Bearer dk_..."' };
  const key = value.trim().replace(/^Bearer\s+/i, '');
  if (!key.startsWith('dk_') || /\s/.test(key))
    return { refusal: 'the authorization connection param is not a Docket key: "Bearer dk_..."' };
  return { key };
}

function findAuthorization(params: unknown): unknown {
  if (!params || typeof params !== 'object' || Array.isArray(params)) return undefined;
  for (const [name, value] of Object.entries(params)) if (KEY_PARAM.test(name)) return value;
  return undefined;
}
