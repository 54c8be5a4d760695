// A multipart request's `map` must give each file part one place of its own. yoga sets the
// parts in map order, so two parts sent to one variable would leave only the last, silently,
// and a part nothing names would be read for nothing: both are refused, nothing run.
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export function useMultipartMap(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      if (!requestParser) return;
      if (!request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data')) return;
      setRequestParser(async (req) => {
        const params = await requestParser(req);
        // Parsed by now: the body's FormData is the one the parser read (whatwg-node keeps it).
        const form = await req.formData();
        const problem = mapProblem(form);
        if (problem)
          throw createGraphQLError(problem, {
            extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
          });
        return params;
      });
    },
  };
}

/** What is wrong with the request's map, or null. */
function mapProblem(form: FormData): string | null {
  const raw = form.get('map');
  // yoga has read it as JSON already (else it refused the request).
  const map: unknown = typeof raw === 'string' ? JSON.parse(raw) : {};
  if (typeof map !== 'object' || map === null || Array.isArray(map))
    return 'multipart map must be an object: { "part": ["variables.path"] }';
  const entries = Object.entries(map);
  const seen = new Set<string>();
  for (const [part, paths] of entries) {
    if (!Array.isArray(paths)) return `multipart map: part ${part} must name a list of variables`;
    for (const p of paths) {
      if (seen.has(String(p))) return `multipart map: ${String(p)} is given more than one file`;
      seen.add(String(p));
    }
  }
  const named = new Set(entries.map(([part]) => part));
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string' && !named.has(name))
      return `multipart map: file part ${name} is not named in the map`;
  }
  return null;
}
