import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';

/**
 * Yoga's CSRF prevention for the requests that can write, GET left open for queries.
 *
 * A cross-site page can make a browser send a "simple" request (no CORS preflight) but cannot
 * make it carry credentials here: authentication is an `Authorization: Bearer` header only, no
 * cookies, so such a request runs as the public and its answer stays unreadable to the page
 * (no CORS). GET only runs queries (Yoga refuses a mutation over GET with 405), so a plain GET
 * is safe, and clients that send queries as GET with their defaults (urql) work. Form and
 * `text/plain` POSTs can carry mutations and still need the `x-graphql-yoga-csrf` header.
 * Answers to GET are marked `no-store`: a signed-in viewer's data never lingers in a cache.
 */
export function useCsrfPreventionForWrites(): Plugin {
  const { onRequestParse } = useCSRFPrevention();
  return {
    onRequestParse(payload) {
      if (payload.request.method === 'GET') return;
      return onRequestParse?.(payload);
    },
    onResponse({ request, response }) {
      if (request.method === 'GET') response.headers.set('cache-control', 'no-store');
    },
  };
}
