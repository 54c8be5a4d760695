// EXTRACT through an OpenAI-compatible chat-completions server (vLLM, llama.cpp, Ollama,
// OpenAI): the schema goes as a strict `json_schema` response format, the reply is validated
// with ajv. Any failure throws (LlmFailure for an answer we refuse), and the caller falls back
// to the built-in extractor. The server's address comes from the caller — the pipeline reads no
// environment.

import type { ErrorObject, ValidateFunction } from 'ajv';
import { fold } from './layout.ts';
import { displayPath, instancePathParts } from './schema-validation.ts';

export interface LlmOptions {
  /** e.g. http://127.0.0.1:8000/v1 — `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  /** Default 60 000 ms. */
  timeoutMs?: number | undefined;
}

/** A failure of the model server, worded for the caller: it names no value of the document. */
export class LlmFailure extends Error {
  override name = 'LlmFailure';
}

/** Why the model server could not be used, as a clause safe to show the caller. */
export function llmFailureReason(err: unknown): string {
  if (err instanceof LlmFailure) return err.message;
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return 'it did not answer in time';
  if (name === 'SyntaxError') return 'its reply is not JSON';
  return 'it could not be reached';
}

// Models have finite context; documents beyond this are cut (the fields sought are rarely late).
const MAX_PROMPT_CHARS = 48_000;

function schemaName(schema: Record<string, unknown>): string {
  const title = typeof schema.title === 'string' ? schema.title : 'extraction';
  return title.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64) || 'extraction';
}

/**
 * Models give no per-field probability through this API; a value found verbatim in the text
 * is likelier right than one that is not (an invented or reformatted value).
 */
function groundedLikelihoods(value: unknown, foldedText: string): unknown {
  if (Array.isArray(value)) return value.map((v) => groundedLikelihoods(v, foldedText));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, groundedLikelihoods(v, foldedText)]));
  }
  if (value === null) return 0;
  const s = fold(String(value));
  if (typeof value === 'number') {
    const plain = String(value);
    const comma = plain.replace('.', ',');
    return foldedText.includes(plain) || foldedText.includes(comma) ? 0.9 : 0.7;
  }
  return s && foldedText.includes(s) ? 0.9 : 0.7;
}

export async function extractWithLlm(
  text: string,
  jsonSchema: Record<string, unknown>,
  llm: LlmOptions,
  validate: ValidateFunction,
): Promise<{ parsed: Record<string, unknown>; likelihoods: Record<string, unknown> }> {
  const url = `${llm.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (llm.apiKey) headers.authorization = `Bearer ${llm.apiKey}`;
  const body = {
    model: llm.model,
    temperature: 0,
    messages: [
      {
        role: 'system',
        content:
          'You extract data from documents. Reply with JSON only, matching the given schema. ' +
          'Use values exactly as written in the document; dates as YYYY-MM-DD; omit what the document does not state.',
      },
      { role: 'user', content: `Document:\n"""\n${text.slice(0, MAX_PROMPT_CHARS)}\n"""` },
    ],
    response_format: {
      type: 'json_schema',
      json_schema: { name: schemaName(jsonSchema), schema: jsonSchema, strict: true },
    },
  };
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(llm.timeoutMs ?? 60_000),
  });
  if (!res.ok) throw new LlmFailure(`it answered HTTP ${res.status}`);
  const reply = (await res.json()) as {
    choices?: { message?: { content?: unknown; parsed?: unknown; refusal?: unknown } }[];
  };
  const message = reply.choices?.[0]?.message;
  if (!message || message.refusal) throw new LlmFailure('it gave no message');
  let parsed: unknown = message.parsed;
  if (parsed === undefined && typeof message.content === 'string') {
    // Some servers wrap JSON in a Markdown fence despite the response format.
    const content = message.content.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
    parsed = JSON.parse(content);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new LlmFailure('its reply is not a JSON object');
  if (!validate(parsed)) {
    const fields = invalidFields(validate.errors ?? []);
    throw new LlmFailure(
      `its reply does not validate against the schema${fields.length > 0 ? ` (${fields.slice(0, 3).join(', ')})` : ''}`,
    );
  }
  const record = parsed as Record<string, unknown>;
  return { parsed: record, likelihoods: groundedLikelihoods(record, fold(text)) as Record<string, unknown> };
}

/** The fields ajv's errors are about, by name: its messages carry the rejected values (document content). */
function invalidFields(errors: readonly ErrorObject[]): string[] {
  const fields = errors.flatMap((e) => {
    const parts = instancePathParts(e.instancePath);
    const missing = (e.params as { missingProperty?: unknown }).missingProperty;
    if (e.keyword === 'required' && typeof missing === 'string') parts.push(missing);
    return parts.length > 0 ? [displayPath(parts)] : [];
  });
  return [...new Set(fields)];
}
