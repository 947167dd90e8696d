import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
};

type Kustomization = {
  resources?: string[];
  namespace?: string;
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { path: string }[];
};

/** What this renderer does; a kustomization using anything else fails the check rather than rendering differently from kubectl. */
const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches']);
const CLUSTER_SCOPED = new Set(['Namespace']);

/** Every document of a YAML file, refusing any YAML error or warning. */
export function readYamlDocuments(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8'), { merge: true, prettyErrors: true }).map((doc) => {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) throw new Error(`${file}: ${problems.map((p) => p.message).join('; ')}`);
    return doc.toJS();
  });
}

/**
 * Renders a kustomization directory the way `kubectl kustomize` does, for the subset these
 * manifests use: resources (files and directories), a namespace, image names and tags, and
 * strategic-merge patches matched by kind and name (lists of named items merged by name, other
 * lists replaced). No maintained kustomize runs in Node, and tests must not need a cluster or kubectl.
 */
export function renderKustomization(dir: string): Manifest[] {
  const [k] = readYamlDocuments(join(dir, 'kustomization.yaml')) as Kustomization[];
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) throw new Error(`${dir}/kustomization.yaml: ${unsupported.join(', ')} not supported by this renderer`);

  let objects: Manifest[] = (k.resources ?? []).flatMap((resource) => {
    const path = join(dir, resource);
    return statSync(path).isDirectory() ? renderKustomization(path) : (readYamlDocuments(path) as Manifest[]);
  });
  for (const patch of k.patches ?? []) {
    for (const doc of readYamlDocuments(join(dir, patch.path)) as Manifest[]) {
      const target = objects.filter((o) => o.kind === doc.kind && o.metadata.name === doc.metadata.name);
      if (target.length !== 1) throw new Error(`${patch.path}: no single ${doc.kind} ${doc.metadata.name} to patch`);
      objects = objects.map((o) => (o === target[0] ? (mergePatch(o, doc) as Manifest) : o));
    }
  }
  for (const image of k.images ?? []) objects = objects.map((o) => withImage(o, image));
  if (k.namespace) {
    objects = objects.map((o) => (CLUSTER_SCOPED.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: k.namespace } }));
  }
  return objects;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergePatch(base: unknown, patch: unknown): unknown {
  if (isObject(base) && isObject(patch)) {
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = key in base ? mergePatch(base[key], value) : value;
    }
    return merged;
  }
  const named = (list: unknown) => Array.isArray(list) && list.every((item) => isObject(item) && typeof item['name'] === 'string');
  if (named(base) && named(patch)) {
    const result = [...(base as Record<string, unknown>[])];
    for (const item of patch as Record<string, unknown>[]) {
      const at = result.findIndex((existing) => existing['name'] === item['name']);
      if (at >= 0) result[at] = mergePatch(result[at], item) as Record<string, unknown>;
      else result.push(item);
    }
    return result;
  }
  return patch;
}

/** Kustomize's images transformer: containers whose image is `name` (any tag) get the new name and tag. */
function withImage(object: Manifest, image: { name: string; newName?: string; newTag?: string }): Manifest {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!isObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
        out[key] = value.map((c: Record<string, unknown>) => {
          const [name, tag] = String(c['image']).split(':');
          if (name !== image.name) return c;
          const newTag = image.newTag ?? tag;
          return { ...c, image: `${image.newName ?? name}${newTag ? `:${newTag}` : ''}` };
        });
      } else out[key] = rewrite(value);
    }
    return out;
  };
  return rewrite(object) as Manifest;
}

export const KUBERNETES_DIR = join(dirname(__dirname), 'kubernetes');
