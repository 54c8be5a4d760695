// The observability settings: garbage is refused at start with the variable named.
import { expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

it('reads METRICS_PORT and the OpenTelemetry variables', () => {
  const config = loadConfig({
    METRICS_PORT: '9464',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    OTEL_SERVICE_NAME: 'docket-eu',
  });
  expect(config).toMatchObject({
    METRICS_PORT: 9464,
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    OTEL_SERVICE_NAME: 'docket-eu',
  });
  const unset = loadConfig({ METRICS_PORT: '', OTEL_EXPORTER_OTLP_ENDPOINT: '' });
  expect(unset.METRICS_PORT).toBeUndefined();
  expect(unset.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  expect(unset.OTEL_SERVICE_NAME).toBe('docket');
});

it.each([
  ['METRICS_PORT', 'ninety'],
  ['METRICS_PORT', '70000'],
  ['METRICS_PORT', '-1'],
  ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318'],
  ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', '/v1/traces'],
])('refuses %s=%s, naming it', (name, value) => {
  expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`invalid configuration:\\n  ${name}: `));
});

it('listens on loopback by default with the embedded database, on all interfaces with DATABASE_URL', () => {
  expect(loadConfig({}).HOST).toBe('127.0.0.1');
  expect(loadConfig({ DATABASE_URL: 'postgres://db/docket' }).HOST).toBe('0.0.0.0');
  expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  expect(loadConfig({ HOST: '::1', DATABASE_URL: 'postgres://db/docket' }).HOST).toBe('::1');
});

it('NODE_ENV=production turns GraphiQL and introspection off unless set explicitly', () => {
  expect(loadConfig({})).toMatchObject({ GRAPHIQL: true, INTROSPECTION: true });
  expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ GRAPHIQL: false, INTROSPECTION: false });
  expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true', INTROSPECTION: '1' })).toMatchObject({
    GRAPHIQL: true,
    INTROSPECTION: true,
  });
  expect(loadConfig({ NODE_ENV: 'development', GRAPHIQL: 'false' }).GRAPHIQL).toBe(false);
});

it.each(['0', 'two', '1.5', '-3'])('refuses API_PROCESSES=%s, naming it', (value) => {
  expect(() => loadConfig({ API_PROCESSES: value })).toThrow(/invalid configuration:\n {2}API_PROCESSES: /);
});
