// The REST API from the browser: the session cookie, the header that proves the request
// comes from this site's pages (CSRF), the language, and problem documents as errors.

import { getLang } from './i18n.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

const listeners = new Set();

/** Called with no argument whenever the API answers 401 (the session is gone). */
export function onUnauthorized(listener) {
  listeners.add(listener);
}

/**
 * api('GET', '/api/v1/shipments', {query: {limit: 20}})
 * api('POST', '/api/v1/check', {json: text}) // text or object
 * api('POST', '/api/v1/shipments', {body: file, contentType: 'text/csv', headers: {...}})
 */
export async function api(method, path, options = {}) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(options.query || {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  const headers = {
    'Accept': 'application/json, application/problem+json',
    'Accept-Language': getLang(),
    'X-Requested-With': 'declarant',
    ...(options.headers || {}),
  };
  let body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = typeof options.json === 'string' ? options.json : JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    headers['Content-Type'] = options.contentType || 'application/octet-stream';
    body = options.body;
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body, credentials: 'same-origin' });
  } catch (error) {
    throw new ApiError(0, { type: 'network', detail: '' });
  }
  const type = response.headers.get('content-type') || '';
  let data = null;
  if (type.includes('json')) {
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !options.quiet401) listeners.forEach((listener) => listener());
    throw new ApiError(response.status, data);
  }
  return data;
}
