/* A stand-in for Zendesk's ZAF SDK (served in place of zaf_sdk.min.js by the tests' page.route).
 * It records invoke/request calls in window.__zaf and answers them the way the SDK does: get() and
 * metadata() from window.__zafConfig, request() by fetching options.url (the test's route plays
 * Zendesk's proxy: it signs the JWT), rejecting with {status, responseText, responseJSON} like ZAF. */
(function () {
  'use strict';
  var config = window.__zafConfig || {};
  var record = { invoke: [], request: [], handlers: {} };
  window.__zaf = record;

  function copy(value) { return JSON.parse(JSON.stringify(value === undefined ? null : value)); }

  var client = {
    get: function (paths) {
      var list = Array.isArray(paths) ? paths : [paths];
      var answer = {};
      list.forEach(function (path) { answer[path] = (config.data || {})[path]; });
      return Promise.resolve(answer);
    },
    metadata: function () {
      return Promise.resolve({ appId: 1, installationId: 2, settings: copy(config.settings || {}) });
    },
    invoke: function (name) {
      var args = Array.prototype.slice.call(arguments, 1);
      record.invoke.push({ name: name, args: copy(args) });
      if (config.failInvoke === name) { return Promise.reject(new Error('refused by the stub')); }
      return Promise.resolve({});
    },
    on: function (event, handler) {
      (record.handlers[event] = record.handlers[event] || []).push(handler);
    },
    request: function (options) {
      record.request.push(copy(options));
      var headers = Object.assign({}, options.headers || {});
      headers['X-Test-Zaf-Jwt'] = JSON.stringify(options.jwt || null);
      headers['X-Test-Zaf-Secure'] = String(options.secure === true);
      if (options.contentType) { headers['Content-Type'] = options.contentType; }
      return fetch(options.url, { method: options.type || 'GET', headers: headers, body: options.data })
        .then(function (response) {
          return response.text().then(function (text) {
            var json = null;
            try { json = JSON.parse(text); } catch (ignored) { json = null; }
            if (response.ok) { return json; }
            return Promise.reject({ status: response.status, responseText: text, responseJSON: json });
          });
        }, function () {
          return Promise.reject({ status: 0, responseText: '', responseJSON: null });
        });
    }
  };

  window.__zafFire = function (event) {
    return (record.handlers[event] || []).map(function (handler) { return handler(); });
  };
  window.ZAFClient = { init: function () { return client; } };
}());
