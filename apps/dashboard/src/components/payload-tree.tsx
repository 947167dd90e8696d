import { pathOf } from '../lib/payload-paths';

/**
 * A received body as indented JSON whose fields can be clicked: each field offers its dot path
 * (`data.kind`). The selected path is highlighted.
 */
export function PayloadTree({ body, selected, onPick }: { body: unknown; selected?: string | null; onPick?: (path: string, value: unknown) => void }) {
  return (
    <pre className="payload" data-testid="payload">
      <Value value={body} segments={[]} depth={0} selected={selected ?? null} onPick={onPick} />
    </pre>
  );
}

type NodeProps = { value: unknown; segments: (string | number)[]; depth: number; selected: string | null; onPick?: (path: string, value: unknown) => void };

function Value({ value, segments, depth, selected, onPick }: NodeProps) {
  const pad = '  '.repeat(depth + 1);
  const close = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="json-punct">[]</span>;
    return (
      <>
        <span className="json-punct">[</span>
        {'\n'}
        {value.map((item, i) => (
          <span key={i}>
            {pad}
            <Value value={item} segments={[...segments, i]} depth={depth + 1} selected={selected} onPick={onPick} />
            {i < value.length - 1 ? ',' : ''}
            {'\n'}
          </span>
        ))}
        {close}
        <span className="json-punct">]</span>
      </>
    );
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return <span className="json-punct">{'{}'}</span>;
    return (
      <>
        <span className="json-punct">{'{'}</span>
        {'\n'}
        {entries.map(([key, item], i) => {
          const path = pathOf([...segments, key]);
          const leaf = item === null || typeof item !== 'object';
          const pickable = Boolean(onPick && path && leaf);
          return (
            <span key={key}>
              {pad}
              {pickable ? (
                <button
                  type="button"
                  className={`json-field${selected === path ? ' selected' : ''}`}
                  onClick={() => onPick?.(path as string, item)}
                  title={`Use ${path}`}
                  data-path={path ?? undefined}
                >
                  <span className="json-key">{JSON.stringify(key)}</span>: <Scalar value={item} />
                </button>
              ) : (
                <>
                  <span className="json-key">{JSON.stringify(key)}</span>: <Value value={item} segments={[...segments, key]} depth={depth + 1} selected={selected} onPick={onPick} />
                </>
              )}
              {i < entries.length - 1 ? ',' : ''}
              {'\n'}
            </span>
          );
        })}
        {close}
        <span className="json-punct">{'}'}</span>
      </>
    );
  }
  return <Scalar value={value} />;
}

function Scalar({ value }: { value: unknown }) {
  const kind = value === null ? 'null' : typeof value;
  return <span className={`json-${kind}`}>{JSON.stringify(value)}</span>;
}
