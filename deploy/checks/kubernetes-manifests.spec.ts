import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Service } from 'kubernetes-models/v1';
import type { IContainer, IEnvVar } from 'kubernetes-models/v1';
import { Topics } from '@inlet/contracts';
import { KUBERNETES_DIR, renderKustomization, type Manifest } from './render-kustomization';
import { CONSUMED_TOPICS, SAMPLE_SECRETS, SERVICE_CONFIGS, consumerGroupOf, isKnownKey, partitionsOf, requiredKeys } from './service-configs';

/** The API schemas each kind is checked against: Kubernetes' own (kubernetes-models) and KEDA's CRD (@kubernetes-models/keda). */
const MODEL_OF: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

const SECRET_NAME = 'inlet-secrets';
/** Keys that hold credentials: only ever from the Secret, never in the ConfigMap. */
const SECRET_KEYS = Object.keys(SAMPLE_SECRETS);
const SCALED_BY_LAG = Object.keys(CONSUMED_TOPICS);
const dockerfile = readFileSync(join(KUBERNETES_DIR, '..', 'Dockerfile'), 'utf8');

type Rendered = { name: string; objects: Manifest[] };
const renders: Rendered[] = [
  { name: 'base', objects: renderKustomization(join(KUBERNETES_DIR, 'base')) },
  { name: 'production', objects: renderKustomization(join(KUBERNETES_DIR, 'overlays', 'production')) },
];

function find<T>(objects: Manifest[], kind: string, name: string): T {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0] as unknown as T;
}

type DeploymentSpec = {
  replicas?: number;
  selector: { matchLabels: Record<string, string> };
  template: { metadata: { labels: Record<string, string> }; spec: { terminationGracePeriodSeconds?: number; containers: IContainer[] } };
};
const deploymentOf = (objects: Manifest[], service: string) => find<{ spec: DeploymentSpec }>(objects, 'Deployment', `inlet-${service}`).spec;

/** A container's environment with every reference resolved: literals, the ConfigMap's values, sample secrets. */
function resolveEnv(objects: Manifest[], env: IEnvVar[]): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const variable of env) {
    const { configMapKeyRef, secretKeyRef } = variable.valueFrom ?? {};
    if (configMapKeyRef) {
      const data = find<{ data: Record<string, string> }>(objects, 'ConfigMap', configMapKeyRef.name!).data;
      if (!(configMapKeyRef.key in data)) throw new Error(`${variable.name}: ConfigMap ${configMapKeyRef.name} has no ${configMapKeyRef.key}`);
      resolved[variable.name] = data[configMapKeyRef.key];
    } else if (secretKeyRef) {
      resolved[variable.name] = SAMPLE_SECRETS[secretKeyRef.key];
    } else {
      resolved[variable.name] = variable.value ?? '';
    }
  }
  return resolved;
}

describe.each(renders)('the $name kustomization', ({ name, objects }) => {
  it('renders only objects that validate against the Kubernetes API schemas and KEDA’s ScaledObject CRD', () => {
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      const Model = MODEL_OF[`${object.apiVersion}/${object.kind}`];
      if (!Model) throw new Error(`${object.kind} ${object.metadata.name}: ${object.apiVersion} ${object.kind} is not a kind these checks know`);
      expect(() => new Model(object as never).validate()).not.toThrow();
    }
    const ids = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('runs every service from the one image, choosing it with APP', () => {
    const images = new Set<string>();
    for (const service of Object.keys(SERVICE_CONFIGS)) {
      const [container, ...others] = deploymentOf(objects, service).template.spec.containers;
      expect(others).toEqual([]);
      expect(container.env?.find((e) => e.name === 'APP')?.value).toBe(service);
      images.add(container.image!);
    }
    images.add(find<{ spec: { template: { spec: { containers: IContainer[] } } } }>(objects, 'Job', 'inlet-create-topics').spec.template.spec.containers[0].image!);
    expect(images.size).toBe(1);
    expect(objects.filter((o) => o.kind === 'Deployment')).toHaveLength(Object.keys(SERVICE_CONFIGS).length);
  });

  describe.each(Object.keys(SERVICE_CONFIGS))('the %s Deployment', (service) => {
    const schema = SERVICE_CONFIGS[service];
    const spec = deploymentOf(objects, service);
    const container = spec.template.spec.containers[0];
    const env = container.env ?? [];

    it('gets every required key of its config schema, nothing the service does not read, and an environment that parses', () => {
      expect(container.envFrom).toBeUndefined();
      const keys = env.map((e) => e.name);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toEqual(expect.arrayContaining(requiredKeys(schema)));
      expect(keys.filter((key) => !isKnownKey(schema, key))).toEqual([]);
      const parsed = schema.safeParse(resolveEnv(objects, env));
      expect(parsed.error?.issues ?? []).toEqual([]);
    });

    it('takes credentials from the Secret only', () => {
      for (const variable of env) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (SECRET_KEYS.includes(variable.name)) expect(ref).toEqual({ name: SECRET_NAME, key: variable.name });
        else expect(ref).toBeUndefined();
      }
      for (const config of objects.filter((o) => o.kind === 'ConfigMap')) {
        expect(Object.keys((config as unknown as { data: object }).data).filter((key) => SECRET_KEYS.includes(key))).toEqual([]);
      }
    });

    it('probes /ready for readiness and /health for liveness on the port the service listens on', () => {
      const port = schema.parse(resolveEnv(objects, env))['PORT'];
      const portOf = (ref: string | number | undefined) => (typeof ref === 'number' ? ref : container.ports?.find((p) => p.name === ref)?.containerPort);
      expect(container.ports?.map((p) => p.containerPort)).toEqual([port]);
      expect(container.readinessProbe?.httpGet?.path).toBe('/ready');
      expect(portOf(container.readinessProbe?.httpGet?.port)).toBe(port);
      expect(container.livenessProbe?.httpGet?.path).toBe('/health');
      expect(portOf(container.livenessProbe?.httpGet?.port)).toBe(port);
      if (container.startupProbe) expect(portOf(container.startupProbe.httpGet?.port)).toBe(port);
    });

    it('asks for CPU and memory and is limited in both', () => {
      expect(Object.keys(container.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(container.resources?.limits ?? {}).sort()).toEqual(['cpu', 'memory']);
    });

    it('gives the service longer than SHUTDOWN_GRACE_MS to drain before it is killed', () => {
      const graceMs = schema.parse(resolveEnv(objects, env))['SHUTDOWN_GRACE_MS'] as number;
      expect((spec.template.spec.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(graceMs);
    });

    it('has a PodDisruptionBudget selecting its pods', () => {
      const pdb = find<{ spec: { selector: { matchLabels: Record<string, string> }; maxUnavailable?: number; minAvailable?: number } }>(objects, 'PodDisruptionBudget', `inlet-${service}`);
      expect(spec.template.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
      expect(spec.template.metadata.labels).toMatchObject(spec.selector.matchLabels);
    });
  });

  it.each(['gateway', 'api'])('exposes the %s through a Service on its http port', (service) => {
    const svc = find<{ spec: { selector: Record<string, string>; ports: { targetPort: string }[] } }>(objects, 'Service', `inlet-${service}`);
    const spec = deploymentOf(objects, service);
    expect(spec.template.metadata.labels).toMatchObject(svc.spec.selector);
    for (const port of svc.spec.ports) expect(spec.template.spec.containers[0].ports?.map((p) => p.name)).toContain(port.targetPort);
  });

  it('scales the gateway on CPU', () => {
    const hpa = find<{ spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number; metrics: { type: string; resource?: { name: string } }[] } }>(
      objects,
      'HorizontalPodAutoscaler',
      'inlet-gateway',
    );
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'inlet-gateway' });
    expect(hpa.spec.metrics).toEqual([expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) })]);
    expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
    expect(deploymentOf(objects, 'gateway').replicas).toBeUndefined();
  });

  it.each(SCALED_BY_LAG)('scales the %s on its consumer group’s lag on every topic it consumes, never past the partitions', (service) => {
    type Trigger = { type: string; metadata: Record<string, string> };
    const scaled = find<{ spec: { scaleTargetRef: { name: string }; minReplicaCount: number; maxReplicaCount: number; triggers: Trigger[] } }>(objects, 'ScaledObject', `inlet-${service}`);
    const topics = CONSUMED_TOPICS[service];
    const container = deploymentOf(objects, service).template.spec.containers[0];
    expect(scaled.spec.scaleTargetRef.name).toBe(`inlet-${service}`);
    expect(scaled.spec.triggers.map((t) => t.metadata['topic']).sort()).toEqual(topics.map((t) => Topics[t].name).sort());
    for (const trigger of scaled.spec.triggers) {
      expect(trigger.type).toBe('kafka');
      expect(trigger.metadata['consumerGroup']).toBe(consumerGroupOf(service));
      expect(container.env?.map((e) => e.name)).toContain(trigger.metadata['bootstrapServersFromEnv']);
      expect(Number(trigger.metadata['lagThreshold'])).toBeGreaterThan(0);
    }
    expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    expect(scaled.spec.maxReplicaCount).toBeLessThanOrEqual(Math.min(...topics.map(partitionsOf)));
    expect(deploymentOf(objects, service).replicas).toBeUndefined();
  });

  it('creates the topics with a Job running the script the image carries', () => {
    const job = find<{ spec: { template: { spec: { containers: IContainer[] } } } }>(objects, 'Job', 'inlet-create-topics');
    const [container] = job.spec.template.spec.containers;
    expect(container.command).toEqual(['node', 'tools/create-topics.js']);
    expect(dockerfile).toMatch(/^COPY --from=build \/inlet\/tools\/create-topics\.js \.\/tools\/create-topics\.js$/m);
    expect(Object.keys(resolveEnv(objects, container.env ?? []))).toEqual(['KAFKA_BROKERS']);
  });

  if (name === 'production') {
    it('puts everything in the inlet namespace, from a released image', () => {
      expect(find<Manifest>(objects, 'Namespace', 'inlet')).toBeDefined();
      expect(objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== 'inlet')).toEqual([]);
      expect(deploymentOf(objects, 'gateway').template.spec.containers[0].image).toMatch(/^[^:]+\/inlet:[\w.-]+$/);
    });
  }
});
