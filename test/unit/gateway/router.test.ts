import { describe, expect, test } from 'vitest';
import { Router, type Lookup } from '../../../src/gateway/http/router.js';

const r = new Router<string>()
  .add('GET', '/metrics', 'metrics')
  .add('PUT', '/metrics/job/:job/*labels', 'push-labels')
  .add('PUT', '/metrics/job/:job', 'push')
  .add('DELETE', '/metrics/job/:job', 'delete')
  .add('GET', '/static/*filepath', 'static')
  .add('GET', '/pg/', 'page');

function summary(l: Lookup<string>): unknown {
  switch (l.kind) {
    case 'route':
      return { route: l.route.target, params: l.params };
    case 'redirect':
      return { redirect: l.path, status: l.status };
    case 'options':
    case 'method-not-allowed':
      return { [l.kind]: l.allow };
    default:
      return l.kind;
  }
}

describe('Router (httprouter behaviour)', () => {
  test.each([
    { method: 'GET', path: '/metrics', expected: { route: 'metrics', params: {} } },
    { method: 'PUT', path: '/metrics/job/a', expected: { route: 'push', params: { job: 'a' } } },
    { method: 'PUT', path: '/metrics/job/a/', expected: { route: 'push-labels', params: { job: 'a', labels: '/' } } },
    {
      method: 'PUT',
      path: '/metrics/job/a/b/c',
      expected: { route: 'push-labels', params: { job: 'a', labels: '/b/c' } },
    },
    { method: 'GET', path: '/static/', expected: { route: 'static', params: { filepath: '/' } } },
    { method: 'GET', path: '/metrics/', expected: { redirect: '/metrics', status: 301 } },
    { method: 'PUT', path: '/metrics/job/', expected: { redirect: '/metrics/job', status: 307 } },
    { method: 'GET', path: '/pg', expected: { redirect: '/pg/', status: 301 } },
    { method: 'GET', path: '/METRICS', expected: { redirect: '/metrics', status: 301 } },
    { method: 'PUT', path: '/Metrics/JOB/Ab', expected: { redirect: '/metrics/job/Ab', status: 307 } },
    { method: 'POST', path: '/metrics/job/a', expected: { 'method-not-allowed': 'DELETE, OPTIONS, PUT' } },
    { method: 'HEAD', path: '/metrics', expected: { 'method-not-allowed': 'GET, OPTIONS' } },
    { method: 'OPTIONS', path: '/metrics/job/a', expected: { options: 'DELETE, OPTIONS, PUT' } },
    { method: 'OPTIONS', path: '/nope', expected: 'not-found' },
    { method: 'GET', path: '/nope', expected: 'not-found' },
    { method: 'PUT', path: '/metrics/job', expected: 'not-found' },
  ])('$method $path', ({ method, path, expected }) => {
    expect(summary(r.lookup(method, path))).toEqual(expected);
  });
});
