import { closeFrameError } from './close-frame';
import { readIntParam } from './query';
import type { WsEndpoint } from './ws-endpoint';

/** Opens, then the server closes with the requested code and reason after `after` ms. */
export const closeEndpoint: WsEndpoint = {
  path: '/ws/close',
  accept(url) {
    const code = readIntParam(url.searchParams, 'code', { fallback: 4000, min: 0, max: 65_535 });
    const reason = url.searchParams.get('reason') ?? '';
    const after = readIntParam(url.searchParams, 'after', { fallback: 100, min: 0, max: 3_600_000 });
    const error = closeFrameError(code, reason);
    if (error) return { error };

    return {
      serve({ ws, scope }) {
        void scope.delay(after).then(() => ws.close(code, reason));
      },
    };
  },
};
