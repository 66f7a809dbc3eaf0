// A visible tile's sample: loaded after a short delay (a fast scroll passes tiles without reading them),
// pinned in the cache while mounted, released on unmount.
import { useEffect, useState } from 'react';
import { acquireSample, peekSample, releaseSample, type CachedSample } from './sampleCache';

export function useSample(datasetId: string, index: number, delayMs = 50): CachedSample | null | undefined {
  const key = `${datasetId}/${index}`;
  const [loaded, setLoaded] = useState<{ key: string; value: CachedSample | null } | null>(null);

  useEffect(() => {
    let live = true;
    let pinned = false;
    const load = () => {
      pinned = true;
      void acquireSample(datasetId, index).then((value) => {
        if (live) setLoaded({ key: `${datasetId}/${index}`, value });
      });
    };
    const ready = peekSample(datasetId, index) !== undefined;
    const timer = ready || delayMs <= 0 ? (load(), undefined) : setTimeout(load, delayMs);
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
      if (pinned) releaseSample(datasetId, index);
    };
  }, [datasetId, index, delayMs]);

  return loaded?.key === key ? loaded.value : peekSample(datasetId, index);
}
